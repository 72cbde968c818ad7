package org.opentrove.api.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

public class TroveErrorMapper implements ExceptionMapper<TroveError> {
  @Override
  public Response toResponse(TroveError error) {
    return FaultBody.of(error);
  }
}
