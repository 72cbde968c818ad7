package org.opentrove.workflows.restart;

import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import org.opentrove.contract.RequestContext;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.store.GuestHealthActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.RestartInstanceRequest;
import org.opentrove.temporal.api.RestartInstanceWorkflow;
import org.opentrove.workflows.Failures;
import org.opentrove.workflows.ScheduledTurn;
import org.opentrove.workflows.StepLog;
import org.opentrove.workflows.instance.GuestWait;

/**
 * Restarts an instance's datastore (Trove's {@code restart}): the guest stops and starts it, then
 * the instance is handed back once a heartbeat applied after the restart reports it healthy. The
 * API took the task (RESTARTING, shown as REBOOT); a failure hands it back too, with a fault.
 */
public class RestartInstanceWorkflowImpl implements RestartInstanceWorkflow {
  private final GuestActivities guest = Workflow.newActivityStub(GuestActivities.class);
  private final GuestHealthActivities health =
      Workflow.newActivityStub(GuestHealthActivities.class);
  private final InstanceStoreActivities store =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);
  private final GuestWait wait;

  public RestartInstanceWorkflowImpl() {
    this(GuestWait.DEFAULT);
  }

  public RestartInstanceWorkflowImpl(GuestWait wait) {
    this.wait = wait;
  }

  @Override
  public void restart(RestartInstanceRequest request) {
    if (!ScheduledTurn.await(store, request)) {
      return;
    }
    String id = request.instanceId().toString();
    StepLog steps = new StepLog(store, request.operationId());
    try {
      steps.enter(OperationSteps.RESTART_DATASTORE);
      guest.restartDatastore(
          id,
          new RequestContext(
              request.requestId(),
              request.projectId(),
              request.operationId(),
              OperationSteps.RESTART_DATASTORE));
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
