package org.opentrove.workflows.resize;

import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import org.opentrove.contract.RequestContext;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.store.GuestHealthActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.ResizeFlavorRequest;
import org.opentrove.temporal.api.ResizeFlavorRequest.Flavor;
import org.opentrove.temporal.api.ResizeFlavorWorkflow;
import org.opentrove.workflows.Failures;
import org.opentrove.workflows.ScheduledTurn;
import org.opentrove.workflows.StepLog;
import org.opentrove.workflows.instance.GuestWait;

/**
 * Moves an instance to another flavor (Trove's resize): the server takes the flavor's limits (with
 * the datastore stopped first when memory shrinks), the guest stops the datastore and starts it
 * with memory settings sized from the flavor, and once a heartbeat applied after that start says it
 * is healthy the instance shows the new flavor. If the datastore does not come back, the server and
 * the datastore are put back on the old flavor and the instance is handed back on it, with a fault
 * saying why (Trove's revert). Each step can run twice: limits and settings are set, not added to,
 * and a repeated guest call is answered from its cache.
 */
public class ResizeFlavorWorkflowImpl implements ResizeFlavorWorkflow {
  private final GuestActivities guest = Workflow.newActivityStub(GuestActivities.class);
  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);
  private final GuestHealthActivities health =
      Workflow.newActivityStub(GuestHealthActivities.class);
  private final InstanceStoreActivities store =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);
  private final GuestWait wait;

  public ResizeFlavorWorkflowImpl() {
    this(GuestWait.DEFAULT);
  }

  public ResizeFlavorWorkflowImpl(GuestWait wait) {
    this.wait = wait;
  }

  @Override
  public void resize(ResizeFlavorRequest request) {
    if (!ScheduledTurn.await(store, request)) {
      return;
    }
    StepLog steps = new StepLog(store, request.operationId());
    Flavor to = request.to();
    // Asked for earlier (apply_at), it reverts to the flavor the instance has now, not then.
    Flavor from =
        request.runAt() == null ? request.from() : store.currentFlavor(request.instanceId());
    try {
      if (to.ramMb() < from.ramMb()) {
        // A container's memory cannot drop below what it uses: stop before lowering it. With more
        // memory the limits rise under the running datastore, and the guest stops it itself.
        steps.enter(OperationSteps.STOP_DATASTORE);
        guest.stopDatastore(id(request), context(request, OperationSteps.STOP_DATASTORE));
      }
      steps.enter(OperationSteps.RESIZE_SERVER);
      compute.resizeServer(id(request), to.ramMb(), to.vcpus());
      steps.enter(OperationSteps.START_ON_FLAVOR);
      long heartbeatsBefore = heartbeats(request);
      guest.applyFlavor(id(request), context(request, OperationSteps.START_ON_FLAVOR), to.ramMb());
      steps.enter(OperationSteps.WAIT_FOR_DATASTORE);
      awaitHealthy(request, heartbeatsBefore);
      store.recordFlavor(request.instanceId(), to.id());
      store.completeOperation(request.instanceId(), request.operationId());
    } catch (TemporalFailure failure) {
      String failedAt = steps.current();
      String cause = Failures.causeOf(failure);
      String outcome =
          failedAt.equals(OperationSteps.STOP_DATASTORE)
              ? cause
              : revert(request, from, steps, cause);
      Failures.recordOutcome(
          () ->
              store.failOperation(request.instanceId(), request.operationId(), failedAt, outcome));
      throw failure;
    }
  }

  /**
   * Puts the server and the datastore back on the old flavor (in a detached scope, so it runs
   * whatever stopped the resize) and returns what the fault should say.
   */
  private String revert(ResizeFlavorRequest request, Flavor from, StepLog steps, String cause) {
    try {
      Workflow.newDetachedCancellationScope(
              () -> {
                steps.enter(OperationSteps.REVERT_RESIZE);
                // stopped first: a container's memory cannot drop below what it uses
                guest.stopDatastore(id(request), context(request, OperationSteps.REVERT_RESIZE));
                compute.resizeServer(id(request), from.ramMb(), from.vcpus());
                long heartbeatsBefore = heartbeats(request);
                guest.applyFlavor(
                    id(request), context(request, OperationSteps.REVERT_RESIZE), from.ramMb());
                awaitHealthy(request, heartbeatsBefore);
              })
          .run();
      return cause + "; reverted to flavor " + from.id();
    } catch (TemporalFailure revertFailure) {
      return cause
          + "; reverting to flavor "
          + from.id()
          + " failed: "
          + Failures.causeOf(revertFailure);
    }
  }

  /**
   * The heartbeats applied so far, read before the guest is asked to start the datastore: the guest
   * reports its new status as soon as the start succeeds, often before its answer arrives, and that
   * heartbeat must count.
   */
  private long heartbeats(ResizeFlavorRequest request) {
    return store.guestHealth(request.instanceId()).heartbeats();
  }

  /**
   * Waits for a heartbeat applied after {@code heartbeatsBefore} that says the datastore is
   * healthy. The guest answered that it started it; this waits until the instance's record says so
   * too, so the instance is not handed back showing the stop's status.
   */
  private void awaitHealthy(ResizeFlavorRequest request, long heartbeatsBefore) {
    health.awaitHealthyHeartbeat(
        request.instanceId(), heartbeatsBefore, wait.readyTimeout().toSeconds());
  }

  private static String id(ResizeFlavorRequest request) {
    return request.instanceId().toString();
  }

  private static RequestContext context(ResizeFlavorRequest request, String step) {
    return new RequestContext(
        request.requestId(), request.projectId(), request.operationId(), step);
  }
}
