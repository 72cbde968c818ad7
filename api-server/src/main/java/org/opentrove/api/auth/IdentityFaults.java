package org.opentrove.api.auth;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The answers keystonemiddleware's auth_token gives in front of Trove, which a client sees before
 * Trove's own faults: 401 with where to authenticate, and 503 when Keystone cannot be asked.
 */
final class IdentityFaults {
  private IdentityFaults() {}

  static Response unauthorized(String keystoneUri) {
    return Response.status(401)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .header("WWW-Authenticate", "Keystone uri=\"" + keystoneUri + "\"")
        .entity(error(401, "Unauthorized", "The request you have made requires authentication."))
        .build();
  }

  static Response unavailable() {
    return Response.status(503)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(
            error(503, "Service Unavailable", "The Keystone service is temporarily unavailable."))
        .build();
  }

  private static Map<String, Object> error(int code, String title, String message) {
    return Map.of("error", Map.of("code", code, "title", title, "message", message));
  }
}
