package org.opentrove.api.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.IOException;
import org.eclipse.jetty.http.BadMessageException;

/**
 * A body that could not be read off the connection (broken chunked encoding, a body cut short) is
 * the client's error: Jetty's status for it (400, 413, ...), never Jersey's bare 500 "Request
 * failed.".
 */
public class BodyReadErrorMapper implements ExceptionMapper<IOException> {
  @Override
  public Response toResponse(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BadMessageException bad && bad.getCode() >= 400 && bad.getCode() < 500) {
        return FaultBody.response(
            bad.getCode(),
            FaultNames.of(bad.getCode()),
            "The request body could not be read: " + bad.getReason() + ".");
      }
    }
    return FaultBody.response(400, "badRequest", "The request body could not be read.");
  }
}
