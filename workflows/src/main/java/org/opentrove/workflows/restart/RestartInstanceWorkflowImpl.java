package org.opentrove.workflows.restart;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.NonRetryable;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.GuestHealth;
import org.opentrove.temporal.api.RestartInstanceRequest;
import org.opentrove.temporal.api.RestartInstanceWorkflow;
import org.opentrove.workflows.Failures;
import org.opentrove.workflows.instance.GuestWait;

/**
 * Restarts an instance's datastore (Trove's {@code restart}): the guest stops and starts it, then
 * the instance is handed back once a heartbeat applied after the restart reports it healthy. The
 * API took the task (RESTARTING, shown as REBOOT); a failure hands it back too, with a fault.
 */
public class RestartInstanceWorkflowImpl implements RestartInstanceWorkflow {
  private static final Duration FIRST_CHECK = Duration.ofMillis(500);

  private final GuestActivities guest = Workflow.newActivityStub(GuestActivities.class);
  private final InstanceStoreActivities store =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);
  private final GuestWait wait;

  private String step;

  public RestartInstanceWorkflowImpl() {
    this(GuestWait.DEFAULT);
  }

  public RestartInstanceWorkflowImpl(GuestWait wait) {
    this.wait = wait;
  }

  @Override
  public void restart(RestartInstanceRequest request) {
    String id = request.instanceId().toString();
    try {
      enter(request, OperationSteps.RESTART_DATASTORE);
      guest.restartDatastore(
          id,
          new RequestContext(
              request.requestId(),
              request.projectId(),
              request.operationId(),
              OperationSteps.RESTART_DATASTORE));
      enter(request, OperationSteps.WAIT_FOR_DATASTORE);
      awaitHealthyAfter(request, store.guestHealth(request.instanceId()).heartbeats());
      store.completeOperation(request.instanceId(), request.operationId());
    } catch (TemporalFailure failure) {
      String failedStep = step;
      Workflow.newDetachedCancellationScope(
              () ->
                  store.failOperation(
                      request.instanceId(),
                      request.operationId(),
                      failedStep,
                      Failures.causeOf(failure)))
          .run();
      throw failure;
    }
  }

  /** Polls with back-off (to the liveness-check period) for a later heartbeat saying HEALTHY. */
  private void awaitHealthyAfter(RestartInstanceRequest request, long heartbeatsBefore) {
    long deadline = Workflow.currentTimeMillis() + wait.readyTimeout().toMillis();
    Duration check = FIRST_CHECK;
    GuestHealth health = store.guestHealth(request.instanceId());
    while (!healthyAfter(health, heartbeatsBefore)) {
      if (Workflow.currentTimeMillis() >= deadline) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the guest did not report a healthy datastore within "
                + wait.readyTimeout().toSeconds()
                + "s of the restart (last status "
                + health.status()
                + ")",
            NonRetryable.GUEST_TIMEOUT);
      }
      Workflow.sleep(check);
      check = min(check.multipliedBy(2), wait.livenessCheck());
      health = store.guestHealth(request.instanceId());
    }
  }

  private static boolean healthyAfter(GuestHealth health, long heartbeatsBefore) {
    return health.heartbeats() > heartbeatsBefore
        && (ServiceStatus.HEALTHY.name().equals(health.status())
            || ServiceStatus.RUNNING.name().equals(health.status()));
  }

  private void enter(RestartInstanceRequest request, String next) {
    step = next;
    store.recordStep(request.operationId(), next);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
