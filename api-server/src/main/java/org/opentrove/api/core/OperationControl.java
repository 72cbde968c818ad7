package org.opentrove.api.core;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Clock;
import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.errors.TroveError;
import org.opentrove.api.quota.Quotas;
import org.opentrove.model.OperationType;
import org.opentrove.store.FaultDao;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;
import org.opentrove.store.OperationState;
import org.opentrove.store.ServiceStatusDao;

/**
 * Retry and cancel of operations, by each {@link OperationType}'s rules. A retry takes the instance
 * back from the task the failure left (compare-and-set) and runs the workflow again from its stored
 * input under the same operation id: a failed create was compensated, so it starts from nothing; a
 * delete's or restart's steps are idempotent. Only a create can be cancelled: its saga undoes what
 * exists; a delete half-done cannot be taken back.
 */
public class OperationControl {
  private final Jdbi jdbi;
  private final WorkflowClient client;
  private final OperationStarter starter;
  private final Clock clock;

  private final Quotas quotas;

  public OperationControl(
      Jdbi jdbi, WorkflowClient client, OperationStarter starter, Clock clock, Quotas quotas) {
    this.quotas = quotas;
    this.jdbi = jdbi;
    this.client = client;
    this.starter = starter;
    this.clock = clock;
  }

  public void cancel(OperationRow operation) {
    OperationType type = typeOf(operation);
    if (operation.state() == OperationState.SCHEDULED) {
      cancelScheduled(operation);
      return;
    }
    if (type.cancel() != OperationType.Cancel.COMPENSATE) {
      throw TroveError.unprocessable(
          "Operation " + operation.id() + " (" + type.code() + ") cannot be cancelled.");
    }
    if (operation.state() != OperationState.PENDING
        && operation.state() != OperationState.RUNNING) {
      throw TroveError.unprocessable(
          "Operation " + operation.id() + " is " + operation.state() + "; nothing to cancel.");
    }
    client.newUntypedWorkflowStub(operation.id()).cancel();
  }

  /**
   * Any operation waiting for its time can be cancelled: its record is the arbiter (SCHEDULED ->
   * CANCELLED, a compare-and-set the workflow's own turn-taking competes with), then its timer is
   * cancelled. Nothing was held, so nothing is undone.
   */
  private void cancelScheduled(OperationRow operation) {
    boolean cancelled =
        jdbi.withExtension(
            OperationDao.class,
            dao ->
                dao.cancelScheduled(operation.id(), "cancelled before its time", clock.instant()));
    if (!cancelled) {
      throw TroveError.unprocessable(
          "Operation " + operation.id() + " is not scheduled any more; it cannot be cancelled.");
    }
    try {
      client.newUntypedWorkflowStub(operation.id()).cancel();
    } catch (WorkflowNotFoundException | IllegalStateException e) {
      // never started, or ended: its record says CANCELLED, and its turn-taking would refuse
    }
  }

  public void retry(OperationRow operation) {
    OperationType type = typeOf(operation);
    if (operation.state() != OperationState.FAILED
        && operation.state() != OperationState.CANCELLED) {
      throw TroveError.unprocessable(
          "Operation "
              + operation.id()
              + " is "
              + operation.state()
              + "; only a failed or"
              + " cancelled operation can be retried.");
    }
    if (type.retry() != OperationType.Retry.RUN_AGAIN || type.lock().isEmpty()) {
      throw TroveError.unprocessable(
          "Operation " + operation.id() + " (" + type.code() + ") cannot be retried.");
    }
    byte[] input =
        jdbi.withExtension(OperationDao.class, dao -> dao.workflowInput(operation.id()))
            .orElseThrow(
                () ->
                    TroveError.unprocessable(
                        "Operation " + operation.id() + " cannot be rebuilt to retry it."));
    OperationType.Lock lock = type.lock().get();
    Instant now = clock.instant();
    boolean locked =
        jdbi.inTransaction(
            h -> {
              InstanceDao instances = h.attach(InstanceDao.class);
              if (!instances.transitionTask(
                  operation.resourceId(), lock.afterFailure(), lock.holds(), now)) {
                return false;
              }
              prepareRetry(type, operation, h, now);
              if (type == OperationType.INSTANCE_CREATE) {
                quotas.retakeInstance(h, operation.resourceId());
              } else {
                quotas.retakeReservations(h, operation.projectId(), operation.id());
              }
              h.attach(FaultDao.class).clear(operation.resourceId());
              return h.attach(OperationDao.class).restart(operation.id(), now);
            });
    if (!locked) {
      throw TroveError.unprocessable(
          "Instance "
              + operation.resourceId()
              + " is not in "
              + lock.afterFailure()
              + " any more; not retried.");
    }
    starter.startStored(operation.id(), input);
  }

  /** What each type resets before it runs again beyond its task and fault. */
  private static void prepareRetry(
      OperationType type, OperationRow operation, Handle h, Instant now) {
    boolean startsFromNothing =
        switch (type) {
          case INSTANCE_CREATE -> true;
          case INSTANCE_DELETE,
                  INSTANCE_RESTART,
                  INSTANCE_REBOOT,
                  INSTANCE_MIGRATE,
                  INSTANCE_RESIZE_VOLUME,
                  INSTANCE_DETACH_REPLICA ->
              false; // idempotent steps
          case INSTANCE_RESET_STATUS,
                  INSTANCE_RESET_TASK,
                  INSTANCE_STOP,
                  INSTANCE_UPDATE,
                  INSTANCE_RESIZE_FLAVOR,
                  INSTANCE_PROMOTE_REPLICA,
                  INSTANCE_EJECT_SOURCE,
                  INSTANCE_REJOIN_SET,
                  BACKUP_CREATE,
                  BACKUP_DELETE,
                  CLUSTER_CREATE,
                  CLUSTER_GROW,
                  CLUSTER_SHRINK,
                  CLUSTER_RESTART,
                  CLUSTER_DELETE ->
              throw new IllegalStateException(type + " is not retryable");
        };
    if (startsFromNothing) {
      h.attach(InstanceDao.class).setServerStatus(operation.resourceId(), "BUILD", now);
      h.attach(ServiceStatusDao.class).reset(operation.resourceId(), now);
    }
  }

  private static OperationType typeOf(OperationRow operation) {
    return OperationType.ofId(operation.id())
        .orElseThrow(
            () ->
                TroveError.unprocessable(
                    "Operation " + operation.id() + " is of an unknown type."));
  }
}
