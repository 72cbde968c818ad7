package org.opentrove.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.opentrove.store.StoreFixtures.T0;
import static org.opentrove.store.StoreFixtures.T1;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link OperationDao} against a fresh migrated database of its own. */
class OperationDaoTest {
  private static final Instant T2 = T1.plusSeconds(60);

  private static TestDatabase db;
  private static OperationDao dao;

  @BeforeAll
  static void start() {
    db = TestDatabase.createMigrated();
    Jdbi jdbi = Store.jdbi(db.dataSource());
    dao = jdbi.onDemand(OperationDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** An operation row as the API writes it; ids are unique per call. */
  private static OperationRow operation(
      UUID resource, String project, OperationState state, String idempotencyKey, Instant at) {
    return new OperationRow(
        "instance-delete/" + UUID.randomUUID(),
        "instance-delete",
        "instance",
        resource,
        project,
        "req-1",
        "{\"name\": \"orders\"}",
        state,
        null,
        null,
        idempotencyKey,
        false,
        at,
        at);
  }

  private static OperationRow operation(OperationState state) {
    return operation(UUID.randomUUID(), "p1", state, null, T0);
  }

  private static OperationRow inserted(OperationState state) {
    OperationRow row = operation(state);
    dao.insert(row, bytes("input-1"));
    return row;
  }

  /** The same operation requested again a minute later (a retried delete). */
  private static OperationRow retryOf(OperationRow row) {
    return new OperationRow(
        row.id(),
        row.type(),
        row.resourceType(),
        row.resourceId(),
        row.projectId(),
        "req-2",
        row.request(),
        OperationState.PENDING,
        null,
        null,
        null,
        false,
        T1,
        T1);
  }

  private static OperationRow stored(OperationRow row) {
    return dao.find(row.id()).orElseThrow();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Ends {@code row} in {@code state}, with an error unless it succeeded. */
  private static void end(OperationRow row, OperationState state) {
    dao.recordStep(row.id(), "delete-server", T0);
    dao.finish(row.id(), state, state == OperationState.SUCCEEDED ? null : "boom", T0);
  }

  @Test
  void anInsertedOperationReadsBackWithItsRequestAndInput() {
    OperationRow row = operation(UUID.randomUUID(), "p1", OperationState.PENDING, "key-1", T0);
    dao.insert(row, bytes("input-1"));

    OperationRow read = stored(row);
    assertThat(read.request()).isEqualTo("{\"name\": \"orders\"}");
    assertThat(read.state()).isEqualTo(OperationState.PENDING);
    assertThat(read.workflowStarted()).isFalse();
    assertThat(read.created()).isEqualTo(T0);
    assertThat(dao.workflowInput(row.id())).get().isEqualTo(bytes("input-1"));
  }

  @Test
  void insertOrRestartFailedInsertsANewOperation() {
    OperationRow row = operation(OperationState.PENDING);

    assertThat(dao.insertOrRestartFailed(row, bytes("input-1"))).isTrue();

    assertThat(stored(row).state()).isEqualTo(OperationState.PENDING);
  }

  @Test
  void insertOrRestartFailedRestartsAFailedOperationWithTheNewInput() {
    OperationRow row = inserted(OperationState.PENDING);
    dao.markWorkflowStarted(row.id(), T0);
    end(row, OperationState.FAILED);

    assertThat(dao.insertOrRestartFailed(retryOf(row), bytes("input-2"))).isTrue();

    OperationRow read = stored(row);
    assertThat(read.state()).isEqualTo(OperationState.PENDING);
    assertThat(read.error()).isNull();
    assertThat(read.currentStep()).isNull();
    assertThat(read.workflowStarted()).isFalse();
    assertThat(read.updated()).isEqualTo(T1);
    assertThat(read.created()).isEqualTo(T0);
    assertThat(dao.workflowInput(row.id())).get().isEqualTo(bytes("input-2"));
  }

  @ParameterizedTest
  @EnumSource(
      value = OperationState.class,
      names = {"PENDING", "RUNNING", "SUCCEEDED", "CANCELLED"})
  void insertOrRestartFailedChangesNothingWhenTheOperationDidNotFail(OperationState state) {
    OperationRow row = inserted(OperationState.PENDING);
    dao.markWorkflowStarted(row.id(), T0);
    if (state == OperationState.RUNNING) {
      dao.recordStep(row.id(), "delete-server", T0);
    } else if (state != OperationState.PENDING) {
      end(row, state);
    }
    OperationRow before = stored(row);

    assertThat(dao.insertOrRestartFailed(retryOf(row), bytes("input-2"))).isFalse();

    assertThat(stored(row)).isEqualTo(before);
    assertThat(dao.workflowInput(row.id())).get().isEqualTo(bytes("input-1"));
  }

  @ParameterizedTest
  @EnumSource(
      value = OperationState.class,
      names = {"FAILED", "CANCELLED"})
  void restartPutsAFailedOrCancelledOperationBackToPending(OperationState state) {
    OperationRow row = inserted(OperationState.PENDING);
    dao.markWorkflowStarted(row.id(), T0);
    end(row, state);

    assertThat(dao.restart(row.id(), T1)).isTrue();

    OperationRow read = stored(row);
    assertThat(read.state()).isEqualTo(OperationState.PENDING);
    assertThat(read.error()).isNull();
    assertThat(read.currentStep()).isNull();
    assertThat(read.workflowStarted()).isFalse();
    assertThat(read.updated()).isEqualTo(T1);
  }

  @ParameterizedTest
  @EnumSource(
      value = OperationState.class,
      names = {"PENDING", "RUNNING", "SUCCEEDED"})
  void restartChangesNothingWhenTheOperationDidNotFail(OperationState state) {
    OperationRow row = inserted(OperationState.PENDING);
    dao.markWorkflowStarted(row.id(), T0);
    if (state == OperationState.RUNNING) {
      dao.recordStep(row.id(), "delete-server", T0);
    } else if (state == OperationState.SUCCEEDED) {
      end(row, state);
    }
    OperationRow before = stored(row);

    assertThat(dao.restart(row.id(), T1)).isFalse();

    assertThat(stored(row)).isEqualTo(before);
  }

  @Test
  void anIdempotencyKeyNamesOneOperationPerProject() {
    OperationRow first = operation(UUID.randomUUID(), "p1", OperationState.PENDING, "same", T0);
    OperationRow elsewhere = operation(UUID.randomUUID(), "p2", OperationState.PENDING, "same", T0);
    dao.insert(first, bytes("a"));
    dao.insert(elsewhere, bytes("b"));

    assertThat(dao.findByIdempotencyKey("p1", "same")).get().isEqualTo(stored(first));
    assertThat(dao.findByIdempotencyKey("p2", "same")).get().isEqualTo(stored(elsewhere));
    assertThat(dao.findByIdempotencyKey("p3", "same")).isEmpty();
    OperationRow duplicate = operation(UUID.randomUUID(), "p1", OperationState.PENDING, "same", T0);
    assertThatThrownBy(() -> dao.insert(duplicate, bytes("c")))
        .isInstanceOf(UnableToExecuteStatementException.class)
        .hasMessageContaining("operations_idempotency");
  }

  @Test
  void listUnstartedShowsPendingOperationsCommittedBeforeTheCutoffWhoseWorkflowNeverStarted() {
    String project = "unstarted-" + UUID.randomUUID();
    OperationRow unstarted =
        operation(UUID.randomUUID(), project, OperationState.PENDING, null, T0);
    OperationRow started = operation(UUID.randomUUID(), project, OperationState.PENDING, null, T0);
    OperationRow tooRecent =
        operation(UUID.randomUUID(), project, OperationState.PENDING, null, T2);
    OperationRow cancelled =
        operation(UUID.randomUUID(), project, OperationState.CANCELLED, null, T0);
    for (OperationRow row : new OperationRow[] {unstarted, started, tooRecent, cancelled}) {
      dao.insert(row, bytes("i"));
    }
    dao.markWorkflowStarted(started.id(), T0);

    assertThat(dao.listUnstarted(T1))
        .extracting(OperationRow::id)
        .contains(unstarted.id())
        .doesNotContain(started.id(), tooRecent.id(), cancelled.id());
  }

  @Test
  void recordStepEntersTheStepAndFinishesThePreviousOne() {
    OperationRow row = inserted(OperationState.PENDING);

    dao.recordStep(row.id(), "stop-datastore", T0);
    dao.recordStep(row.id(), "delete-server", T1);

    OperationRow read = stored(row);
    assertThat(read.state()).isEqualTo(OperationState.RUNNING);
    assertThat(read.currentStep()).isEqualTo("delete-server");
    assertThat(dao.listSteps(row.id()))
        .containsExactly(
            new OperationStepRow(row.id(), "stop-datastore", 1, T0, T1, null),
            new OperationStepRow(row.id(), "delete-server", 1, T1, null, null));
  }

  @Test
  void reEnteringAStepCountsAnotherAttemptAndForgetsTheLastError() {
    OperationRow row = inserted(OperationState.PENDING);
    dao.recordStep(row.id(), "delete-server", T0);
    dao.finish(row.id(), OperationState.FAILED, "boom", T0);
    dao.restart(row.id(), T1);

    dao.recordStep(row.id(), "delete-server", T1);

    assertThat(dao.listSteps(row.id()))
        .containsExactly(new OperationStepRow(row.id(), "delete-server", 2, T1, null, null));
    assertThat(stored(row).currentStep()).isEqualTo("delete-server");
  }

  @Test
  void setCurrentStepChangesNothingOnceTheOperationEnded() {
    OperationRow row = inserted(OperationState.PENDING);
    end(row, OperationState.SUCCEEDED);

    dao.setCurrentStep(row.id(), "delete-volume", T1);

    OperationRow read = stored(row);
    assertThat(read.state()).isEqualTo(OperationState.SUCCEEDED);
    assertThat(read.currentStep()).isEqualTo("delete-server");
    assertThat(read.updated()).isEqualTo(T0);
  }

  @Test
  void finishSucceededClosesTheRunningStepWithoutAnError() {
    OperationRow row = inserted(OperationState.PENDING);
    dao.recordStep(row.id(), "delete-server", T0);

    dao.finish(row.id(), OperationState.SUCCEEDED, null, T1);

    assertThat(stored(row).state()).isEqualTo(OperationState.SUCCEEDED);
    assertThat(dao.listSteps(row.id()))
        .containsExactly(new OperationStepRow(row.id(), "delete-server", 1, T0, T1, null));
  }

  @Test
  void finishFailedRecordsTheErrorOnTheOperationAndTheRunningStep() {
    OperationRow row = inserted(OperationState.PENDING);
    dao.recordStep(row.id(), "stop-datastore", T0);
    dao.recordStep(row.id(), "delete-server", T0);

    dao.finish(row.id(), OperationState.FAILED, "no such process", T1);

    OperationRow read = stored(row);
    assertThat(read.state()).isEqualTo(OperationState.FAILED);
    assertThat(read.error()).isEqualTo("no such process");
    assertThat(dao.listSteps(row.id()))
        .extracting(OperationStepRow::step, OperationStepRow::error)
        .containsExactlyInAnyOrder(
            tuple("stop-datastore", null), tuple("delete-server", "no such process"));
  }

  @Test
  void recordStepAddsNoStepToAnOperationThatAlreadyEnded() {
    OperationRow row = inserted(OperationState.PENDING);
    end(row, OperationState.CANCELLED);
    var before = dao.listSteps(row.id());

    dao.recordStep(row.id(), "delete-volume", T1);

    assertThat(dao.listSteps(row.id())).isEqualTo(before);
    assertThat(stored(row).state()).isEqualTo(OperationState.CANCELLED);
  }

  @Test
  void aLateFinishLeavesTheStepsOfAnOperationThatAlreadyEnded() {
    OperationRow row = inserted(OperationState.PENDING);
    dao.recordStep(row.id(), "delete-server", T0);
    dao.setFinalState(row.id(), OperationState.CANCELLED, "reset", T0);

    dao.finish(row.id(), OperationState.FAILED, "late", T1);

    assertThat(dao.listSteps(row.id()))
        .containsExactly(new OperationStepRow(row.id(), "delete-server", 1, T0, null, null));
  }

  @Test
  void finishChangesNothingOnAnOperationThatAlreadyEnded() {
    OperationRow row = inserted(OperationState.PENDING);
    end(row, OperationState.SUCCEEDED);

    dao.finish(row.id(), OperationState.FAILED, "late", T1);

    OperationRow read = stored(row);
    assertThat(read.state()).isEqualTo(OperationState.SUCCEEDED);
    assertThat(read.error()).isNull();
    assertThat(read.updated()).isEqualTo(T0);
  }

  @Test
  void listOpenShowsOnlyTheResourcesPendingAndRunningOperationsOldestFirst() {
    UUID resource = UUID.randomUUID();
    OperationRow running = operation(resource, "p1", OperationState.PENDING, null, T0);
    OperationRow pending = operation(resource, "p1", OperationState.PENDING, null, T1);
    OperationRow failed = operation(resource, "p1", OperationState.PENDING, null, T0);
    OperationRow otherResource = operation(OperationState.PENDING);
    for (OperationRow row : new OperationRow[] {running, pending, failed, otherResource}) {
      dao.insert(row, bytes("i"));
    }
    dao.recordStep(running.id(), "delete-server", T0);
    end(failed, OperationState.FAILED);

    assertThat(dao.listOpen(resource))
        .extracting(OperationRow::id)
        .containsExactly(running.id(), pending.id());
  }

  @Test
  void listForResourceIsScopedToTheProject() {
    UUID resource = UUID.randomUUID();
    OperationRow mine = operation(resource, "p1", OperationState.PENDING, null, T0);
    OperationRow theirs = operation(resource, "p2", OperationState.PENDING, null, T0);
    dao.insert(mine, bytes("i"));
    dao.insert(theirs, bytes("i"));

    assertThat(dao.listForResource("p1", resource))
        .extracting(OperationRow::id)
        .containsExactly(mine.id());
  }
}
