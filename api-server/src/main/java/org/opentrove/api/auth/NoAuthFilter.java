package org.opentrove.api.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.opentrove.api.errors.FaultBody;

/**
 * {@code noauth} mode, Trove's test convention: under {@code /v1.0/{project_id}/} the {@code
 * X-Auth-Token} header must equal the project id, or the configured administrator token, which is
 * accepted on every project and marks the caller as an administrator. The versions document at
 * {@code /} is open.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class NoAuthFilter implements ContainerRequestFilter {
  private final byte[] adminToken;

  /** {@code adminToken} null or blank: no request is an administrator's. */
  public NoAuthFilter(String adminToken) {
    this.adminToken =
        adminToken == null || adminToken.isBlank()
            ? null
            : adminToken.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Optional<String> named = ProjectPath.of(request);
    if (named.isEmpty()) {
      return;
    }
    String project = named.get();
    String token = request.getHeaderString("X-Auth-Token");
    if (isAdmin(token)) {
      request.setProperty(Caller.PROPERTY, new Caller(true));
      return;
    }
    if (token == null || !token.equals(project)) {
      request.abortWith(
          FaultBody.response(
              401,
              "unauthorized",
              "This server could not verify that you are authorized to access the document you"
                  + " requested."));
    }
  }

  private boolean isAdmin(String token) {
    return adminToken != null
        && token != null
        && MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8));
  }
}
