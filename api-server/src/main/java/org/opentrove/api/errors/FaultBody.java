package org.opentrove.api.errors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds Trove's fault body for a status, name and message. */
public final class FaultBody {
  private FaultBody() {}

  public static Response response(int code, String name, String message) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("code", code);
    detail.put("message", message);
    return Response.status(code)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Map.of(name, detail))
        .build();
  }

  public static Response of(TroveError error) {
    return response(error.code(), error.name(), error.getMessage());
  }
}
