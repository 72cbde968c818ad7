package org.opentrove.api.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Jersey's own errors (no such route, wrong method, bad media type) in Trove's shape. */
public class WebErrorMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException e) {
    int code = e.getResponse().getStatus();
    String message =
        code == 404
            ? "The resource could not be found."
            : e.getResponse().getStatusInfo().getReasonPhrase();
    return FaultBody.response(code, FaultNames.of(code), message);
  }
}
