package org.opentrove.api.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;

/** Jersey's own errors (no such route, wrong method, bad media type) in Trove's shape. */
public class WebErrorMapper implements ExceptionMapper<WebApplicationException> {
  private static final Map<Integer, String> NAMES =
      Map.of(
          400, "badRequest",
          401, "unauthorized",
          403, "forbidden",
          404, "itemNotFound",
          405, "badMethod",
          406, "badMediaType",
          413, "overLimit",
          415, "badMediaType",
          503, "serviceUnavailable");

  @Override
  public Response toResponse(WebApplicationException e) {
    int code = e.getResponse().getStatus();
    String name = NAMES.getOrDefault(code, code >= 500 ? "instanceFault" : "badRequest");
    String message =
        code == 404
            ? "The resource could not be found."
            : e.getResponse().getStatusInfo().getReasonPhrase();
    return FaultBody.response(code, name, message);
  }
}
