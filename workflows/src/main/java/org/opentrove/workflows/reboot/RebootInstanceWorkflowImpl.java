package org.opentrove.workflows.reboot;

import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.store.GuestHealthActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.RebootInstanceRequest;
import org.opentrove.temporal.api.RebootInstanceWorkflow;
import org.opentrove.workflows.Failures;
import org.opentrove.workflows.ScheduledTurn;
import org.opentrove.workflows.StepLog;
import org.opentrove.workflows.instance.GuestWait;

/**
 * Reboots an instance's server (Trove's admin {@code reboot}), then hands the instance back once a
 * heartbeat applied after the reboot says the datastore is healthy. A failure hands it back too,
 * with a fault naming the step.
 */
public class RebootInstanceWorkflowImpl implements RebootInstanceWorkflow {
  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);
  private final GuestHealthActivities health =
      Workflow.newActivityStub(GuestHealthActivities.class);
  private final InstanceStoreActivities store =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);
  private final GuestWait wait;

  public RebootInstanceWorkflowImpl() {
    this(GuestWait.DEFAULT);
  }

  public RebootInstanceWorkflowImpl(GuestWait wait) {
    this.wait = wait;
  }

  @Override
  public void reboot(RebootInstanceRequest request) {
    if (!ScheduledTurn.await(store, request)) {
      return;
    }
    StepLog steps = new StepLog(store, request.operationId());
    try {
      steps.enter(OperationSteps.REBOOT_SERVER);
      compute.rebootServer(request.instanceId().toString(), request.operationId());
      steps.enter(OperationSteps.WAIT_FOR_DATASTORE);
      health.awaitHealthyHeartbeat(
          request.instanceId(),
          store.guestHealth(request.instanceId()).heartbeats(),
          wait.readyTimeout().toSeconds());
      store.completeOperation(request.instanceId(), request.operationId());
    } catch (TemporalFailure failure) {
      Failures.recordFailedOperation(
          store, request.instanceId(), request.operationId(), steps, failure);
      throw failure;
    }
  }
}
