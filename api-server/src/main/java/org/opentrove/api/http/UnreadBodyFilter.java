package org.opentrove.api.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads what is left of a refused request's body (up to {@link #LIMIT}) before the error goes out.
 * A request refused before its body was read (401, 415, 405, ...) would otherwise end with Jetty
 * closing a connection the client is still writing to; the reset that follows can discard the
 * answer at the client, which then sees no response at all.
 */
public class UnreadBodyFilter implements ContainerResponseFilter {
  static final long LIMIT = 1 << 20;

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() < 400) {
      return;
    }
    try {
      if (!request.hasEntity()) {
        return;
      }
      InputStream body = request.getEntityStream();
      byte[] buffer = new byte[8192];
      long read = 0;
      for (int n = body.read(buffer); n >= 0 && read < LIMIT; n = body.read(buffer)) {
        read += n;
      }
    } catch (IOException | RuntimeException e) {
      // already read or the client went away: nothing to drain
    }
  }
}
