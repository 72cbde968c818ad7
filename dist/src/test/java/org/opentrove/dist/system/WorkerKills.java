package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;
import org.opentrove.store.OperationState;
import org.opentrove.store.OperationStepRow;

/** Chaos tiers' kill -9 of the external worker inside a step, checked to have landed there. */
final class WorkerKills {
  private WorkerKills() {}

  /**
   * Waits until the operation has entered {@code step}, kills the worker, checks the kill landed
   * inside the step, starts another worker.
   */
  static void killWorkerAt(TroveSystem system, String operationId, String step) throws Exception {
    system.awaitStep(operationId, step);
    system.worker().killHard();
    try {
      assertKilledInside(system, operationId, step);
    } finally {
      system.startWorker(); // also after a failed check: the next tests need a worker
    }
  }

  /**
   * The same while the guest is paused: a step that lasts until the guest's healthy heartbeat ends
   * before a kill can land when the guest is fast. Its commands wait in its durable queue.
   */
  static void killWorkerWhileGuestPaused(
      TroveSystem system, String operationId, String step, ProcessHandle guest) throws Exception {
    TroveSystem.signal(guest, "STOP");
    try {
      killWorkerAt(system, operationId, step);
    } finally {
      TroveSystem.signal(guest, "CONT");
    }
  }

  /**
   * The operation was still running {@code step} when its worker died. Read after the kill: a dead
   * worker writes nothing more (the pause lets a commit it sent as it died land first), so this is
   * the state the kill found.
   */
  static void assertKilledInside(TroveSystem system, String operationId, String step)
      throws Exception {
    Thread.sleep(250);
    OperationRow operation =
        system.jdbi.withExtension(OperationDao.class, dao -> dao.find(operationId)).orElseThrow();
    List<OperationStepRow> steps =
        system.jdbi.withExtension(OperationDao.class, dao -> dao.listSteps(operationId));
    String found = "the kill found " + operation + " with steps " + steps;
    assertThat(operation.state()).as(found).isEqualTo(OperationState.RUNNING);
    assertThat(operation.currentStep()).as(found).isEqualTo(step);
    assertThat(steps)
        .as(found)
        .filteredOn(s -> s.step().equals(step))
        .singleElement()
        .extracting(OperationStepRow::finished)
        .isNull();
  }

  static void assertSucceeded(TroveSystem system, String operationId) {
    OperationRow operation =
        system.jdbi.withExtension(OperationDao.class, dao -> dao.find(operationId)).orElseThrow();
    assertThat(operation.state()).as(operation.toString()).isEqualTo(OperationState.SUCCEEDED);
  }
}
