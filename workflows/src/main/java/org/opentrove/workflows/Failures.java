package org.opentrove.workflows;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;

/** How workflows describe a failure to operators (faults, operation errors). */
public final class Failures {
  private Failures() {}

  /** The message of the failure's root cause, as an operator would want it in a fault. */
  public static String causeOf(TemporalFailure failure) {
    Throwable cause = failure;
    while ((cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    return cause.getMessage();
  }

  public static boolean isCancellation(TemporalFailure failure) {
    return failure instanceof CanceledFailure || failure.getCause() instanceof CanceledFailure;
  }
}
