package org.opentrove.workflows;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.util.UUID;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;

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

  /**
   * Records a workflow's outcome in a detached scope, so a cancelled workflow records it too and
   * the record is not cut short by the cancellation it reports.
   */
  public static void recordOutcome(Functions.Proc record) {
    Workflow.newDetachedCancellationScope(record::apply).run();
  }

  /**
   * Records that an operation holding the instance's task failed at the step it was in, with the
   * failure's cause (see {@code InstanceStoreActivities.failOperation}), in a detached scope.
   */
  public static void recordFailedOperation(
      InstanceStoreActivities store,
      UUID instanceId,
      String operationId,
      StepLog steps,
      TemporalFailure failure) {
    recordOutcome(
        () -> store.failOperation(instanceId, operationId, steps.current(), causeOf(failure)));
  }

  public static boolean isCancellation(TemporalFailure failure) {
    return failure instanceof CanceledFailure || failure.getCause() instanceof CanceledFailure;
  }
}
