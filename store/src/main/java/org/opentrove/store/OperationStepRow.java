package org.opentrove.store;

import java.time.Instant;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

public record OperationStepRow(
    String operationId,
    String step,
    int attempt,
    Instant started,
    Instant finished,
    String error,
    String detail) {

  /** The constructor rows are read with. */
  @JdbiConstructor
  public OperationStepRow {}

  /** A step with nothing measured. */
  public OperationStepRow(
      String operationId,
      String step,
      int attempt,
      Instant started,
      Instant finished,
      String error) {
    this(operationId, step, attempt, started, finished, error, null);
  }
}
