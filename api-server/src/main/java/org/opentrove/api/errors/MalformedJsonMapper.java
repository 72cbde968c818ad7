package org.opentrove.api.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** A body that is not JSON (or not the JSON expected) is the client's error, never a 500. */
public class MalformedJsonMapper implements ExceptionMapper<JsonProcessingException> {
  @Override
  public Response toResponse(JsonProcessingException e) {
    return FaultBody.response(
        400, "badRequest", "Malformed request body: " + e.getOriginalMessage());
  }
}
