package org.opentrove.workflows.migrate;

import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import org.opentrove.contract.RequestContext;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.store.GuestHealthActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.MigrateInstanceRequest;
import org.opentrove.temporal.api.MigrateInstanceWorkflow;
import org.opentrove.workflows.Failures;
import org.opentrove.workflows.StepLog;
import org.opentrove.workflows.instance.GuestWait;

/**
 * Moves an instance's server to another compute host (Trove's admin {@code migrate}, its
 * MigrateAction): the datastore stops so the disk is quiet, the server moves and the move is
 * confirmed, the datastore starts again, and the instance is handed back once a heartbeat applied
 * after the start says it is healthy. When a step after the stop fails, the datastore is started
 * again where the server is, and the instance is handed back with a fault saying why. Every step
 * can run twice: the stop of a stopped datastore succeeds, the move is keyed by the operation, a
 * repeated start is answered from the guest's cache.
 */
public class MigrateInstanceWorkflowImpl implements MigrateInstanceWorkflow {
  private final GuestActivities guest = Workflow.newActivityStub(GuestActivities.class);
  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);
  private final GuestHealthActivities health =
      Workflow.newActivityStub(GuestHealthActivities.class);
  private final InstanceStoreActivities store =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);
  private final GuestWait wait;

  public MigrateInstanceWorkflowImpl() {
    this(GuestWait.DEFAULT);
  }

  public MigrateInstanceWorkflowImpl(GuestWait wait) {
    this.wait = wait;
  }

  @Override
  public void migrate(MigrateInstanceRequest request) {
    String id = request.instanceId().toString();
    StepLog steps = new StepLog(store, request.operationId());
    try {
      steps.enter(OperationSteps.STOP_DATASTORE);
      guest.stopDatastore(id, context(request, OperationSteps.STOP_DATASTORE));
      steps.enter(OperationSteps.MIGRATE_SERVER);
      compute.migrateServer(id, request.operationId(), request.host());
      startAndAwaitHealthy(request, steps);
      store.completeOperation(request.instanceId(), request.operationId());
    } catch (TemporalFailure failure) {
      String failedAt = steps.current();
      String cause = Failures.causeOf(failure);
      String outcome =
          failedAt.equals(OperationSteps.STOP_DATASTORE) ? cause : startAgain(request, cause);
      Failures.recordOutcome(
          () ->
              store.failOperation(request.instanceId(), request.operationId(), failedAt, outcome));
      throw failure;
    }
  }

  private void startAndAwaitHealthy(MigrateInstanceRequest request, StepLog steps) {
    steps.enter(OperationSteps.RESTART_DATASTORE);
    // Read before the start: the guest may report the started datastore before it answers.
    long heartbeatsBefore = store.guestHealth(request.instanceId()).heartbeats();
    guest.restartDatastore(
        request.instanceId().toString(), context(request, OperationSteps.RESTART_DATASTORE));
    steps.enter(OperationSteps.WAIT_FOR_DATASTORE);
    health.awaitHealthyHeartbeat(
        request.instanceId(), heartbeatsBefore, wait.readyTimeout().toSeconds());
  }

  /**
   * Starts the datastore where the server is now (in a detached scope, so it runs whatever stopped
   * the migration) and returns what the fault should say.
   */
  private String startAgain(MigrateInstanceRequest request, String cause) {
    try {
      Workflow.newDetachedCancellationScope(
              () -> {
                long heartbeatsBefore = store.guestHealth(request.instanceId()).heartbeats();
                guest.restartDatastore(
                    request.instanceId().toString(), context(request, "start-after-failure"));
                health.awaitHealthyHeartbeat(
                    request.instanceId(), heartbeatsBefore, wait.readyTimeout().toSeconds());
              })
          .run();
      return cause + "; the datastore was started again where the server is";
    } catch (TemporalFailure startFailure) {
      return cause + "; starting the datastore again failed: " + Failures.causeOf(startFailure);
    }
  }

  private static RequestContext context(MigrateInstanceRequest request, String step) {
    return new RequestContext(
        request.requestId(), request.projectId(), request.operationId(), step);
  }
}
