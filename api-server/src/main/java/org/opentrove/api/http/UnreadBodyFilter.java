package org.opentrove.api.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Drains a refused request's body before the error goes out (see {@link UnreadBody}): a request
 * refused before its body was read (401, 415, 405, ...) would otherwise lose its answer to a reset.
 */
public class UnreadBodyFilter implements ContainerResponseFilter {
  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() < 400) {
      return;
    }
    try {
      if (request.hasEntity()) {
        UnreadBody.drain(request.getEntityStream());
      }
    } catch (RuntimeException e) {
      // the body was read already (hasEntity throws then): nothing to drain
    }
  }
}
