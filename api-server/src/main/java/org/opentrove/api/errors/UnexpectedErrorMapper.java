package org.opentrove.api.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.UUID;
import org.opentrove.store.SqlFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything unexpected: logged with an id the tenant can quote, answered without internals. A
 * control-plane database that cannot be reached is a 503, not a 500; a value the database refuses
 * as data (SQLSTATE class 22: a character it cannot store, a number out of range) came from the
 * request, so it is a 400 (validation should have caught it first: it is logged as a warning).
 */
public class UnexpectedErrorMapper implements ExceptionMapper<RuntimeException> {
  private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorMapper.class);

  @Override
  public Response toResponse(RuntimeException e) {
    if (SqlFailures.unreachable(e)) {
      LOG.warn("control-plane database unavailable: {}", e.toString());
      return FaultBody.response(
          503, "serviceUnavailable", "The service is temporarily unavailable; try again shortly.");
    }
    if (SqlFailures.hasSqlState(e, state -> state.startsWith("22"))) {
      LOG.warn("the control-plane database refused a request's data: {}", e.toString());
      return FaultBody.response(
          400, "badRequest", "The request holds a value that cannot be stored or looked up.");
    }
    String errorId = UUID.randomUUID().toString();
    LOG.error("unexpected error {}", errorId, e);
    return FaultBody.response(
        500, "instanceFault", "An unexpected error occurred (error id " + errorId + ").");
  }
}
