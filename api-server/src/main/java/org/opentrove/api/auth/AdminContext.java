package org.opentrove.api.auth;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.opentrove.api.errors.TroveError;

/**
 * Trove's {@code @admin_context} on its management routes: anyone but an administrator gets Trove's
 * answer, which is a 401 (its fault map gives {@code exception.Forbidden} that code), not the 403
 * its policy checks give.
 */
public final class AdminContext {
  private AdminContext() {}

  public static void require(ContainerRequestContext request) {
    if (!Caller.of(request).admin()) {
      throw TroveError.unauthorized("User does not have admin privileges.");
    }
  }
}
