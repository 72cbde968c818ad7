package org.opentrove.api.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Jersey's own errors (no such route, wrong method, bad media type) in Trove's shape. A known path
 * with a method it does not serve is a 404 as in Trove, whose router matches path and method
 * together.
 */
public class WebErrorMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    int code = status == 405 ? 404 : status;
    String message =
        code == 404
            ? "The resource could not be found."
            : e.getResponse().getStatusInfo().getReasonPhrase();
    return FaultBody.response(code, FaultNames.of(code), message);
  }
}
