package org.opentrove.api.core;

import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.errors.TroveError;
import org.opentrove.store.FaultDao;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.InstanceTask;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;
import org.opentrove.store.OperationState;
import org.opentrove.store.ServiceStatusDao;
import org.opentrove.temporal.WorkflowIds;

/**
 * Retry and cancel of operations. A failed create was compensated (nothing of it is left), so
 * retrying it runs it again from the start under the same operation id; a failed delete's steps are
 * idempotent, so it simply runs again. Only a create can be cancelled: its saga undoes what exists;
 * a delete half-done cannot be taken back.
 */
public class OperationControl {
  private final Jdbi jdbi;
  private final WorkflowClient client;
  private final OperationStarter starter;
  private final Clock clock;

  public OperationControl(Jdbi jdbi, WorkflowClient client, OperationStarter starter, Clock clock) {
    this.jdbi = jdbi;
    this.client = client;
    this.starter = starter;
    this.clock = clock;
  }

  public void cancel(OperationRow operation) {
    if (!WorkflowIds.INSTANCE_CREATE.equals(WorkflowIds.typeOf(operation.id()))) {
      throw TroveError.unprocessable(
          "Only a create can be cancelled; operation " + operation.id() + " is not one.");
    }
    if (operation.state() != OperationState.PENDING
        && operation.state() != OperationState.RUNNING) {
      throw TroveError.unprocessable(
          "Operation " + operation.id() + " is " + operation.state() + "; nothing to cancel.");
    }
    client.newUntypedWorkflowStub(operation.id()).cancel();
  }

  public void retry(OperationRow operation) {
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
    byte[] input =
        jdbi.withExtension(OperationDao.class, dao -> dao.workflowInput(operation.id()))
            .orElseThrow(
                () ->
                    TroveError.unprocessable(
                        "Operation " + operation.id() + " cannot be rebuilt to retry it."));
    String type = WorkflowIds.typeOf(operation.id());
    InstanceTask failed;
    InstanceTask running;
    if (WorkflowIds.INSTANCE_CREATE.equals(type)) {
      failed = InstanceTask.BUILD_FAILED;
      running = InstanceTask.BUILDING;
    } else if (WorkflowIds.INSTANCE_DELETE.equals(type)) {
      failed = InstanceTask.DELETE_FAILED;
      running = InstanceTask.DELETING;
    } else {
      throw TroveError.unprocessable("Operation " + operation.id() + " cannot be retried.");
    }
    Instant now = clock.instant();
    boolean locked =
        jdbi.inTransaction(
            h -> {
              InstanceDao instances = h.attach(InstanceDao.class);
              if (!instances.transitionTask(operation.resourceId(), failed, running, now)) {
                return false;
              }
              if (running == InstanceTask.BUILDING) {
                instances.setServerStatus(operation.resourceId(), "BUILD", now);
                h.attach(ServiceStatusDao.class).reset(operation.resourceId(), now);
              }
              h.attach(FaultDao.class).clear(operation.resourceId());
              return h.attach(OperationDao.class).restart(operation.id(), now);
            });
    if (!locked) {
      throw TroveError.unprocessable(
          "Instance "
              + operation.resourceId()
              + " is not in "
              + failed
              + " any more; not retried.");
    }
    starter.startStored(operation.id(), input);
  }
}
