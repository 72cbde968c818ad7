package org.opentrove.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentrove.store.StoreFixtures.T0;
import static org.opentrove.store.StoreFixtures.T1;

import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.model.InstanceTask;
import org.opentrove.model.OperationType;

/** {@link InstanceDao} against a fresh migrated database of its own. */
class InstanceDaoTest {
  private static TestDatabase db;
  private static Jdbi jdbi;
  private static InstanceDao dao;

  @BeforeAll
  static void start() {
    db = TestDatabase.createMigrated();
    jdbi = Store.jdbi(db.dataSource());
    dao = jdbi.onDemand(InstanceDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private static InstanceRow row(UUID id) {
    return dao.findLive(id).orElseThrow();
  }

  @Test
  void aNewInstanceIsBuildingWithItsDatastoreAndANewGuestStatus() {
    UUID id = StoreFixtures.newInstance(jdbi, "p1", "orders", T0);

    InstanceRow row = row(id);
    assertThat(row.taskStatus()).isEqualTo(InstanceTask.BUILDING);
    assertThat(row.serverStatus()).isEqualTo("BUILD");
    assertThat(row.name()).isEqualTo("orders");
    assertThat(row.datastoreName()).isEqualTo("postgresql");
    assertThat(row.datastoreVersionName()).isEqualTo("15");
    assertThat(row.serviceStatus()).isEqualTo("NEW");
    assertThat(row.faultMessage()).isNull();
    assertThat(row.created()).isEqualTo(T0);
  }

  @Test
  void anInstanceIsFoundOnlyInItsOwnProject() {
    UUID id = StoreFixtures.newInstance(jdbi, "p1");

    assertThat(dao.findLive("p1", id)).isPresent();
    assertThat(dao.findLive("p2", id)).isEmpty();
  }

  @Test
  void listLiveShowsAProjectsInstancesOldestFirstWithoutDeletedOnes() {
    String project = "list-" + UUID.randomUUID();
    UUID second = StoreFixtures.newInstance(jdbi, project, "b", T1);
    UUID first = StoreFixtures.newInstance(jdbi, project, "a", T0);
    UUID deleted = StoreFixtures.newInstance(jdbi, project, "c", T0);
    StoreFixtures.newInstance(jdbi, "elsewhere");
    dao.markDeleted(deleted, T1);

    assertThat(dao.listLive(project)).extracting(InstanceRow::id).containsExactly(first, second);
  }

  @Test
  void theManagementListSpansProjectsAndFiltersByDeletedAndProject() {
    String project = "managed-" + UUID.randomUUID();
    UUID live = StoreFixtures.newInstance(jdbi, project, "live", T0);
    UUID gone = StoreFixtures.newInstance(jdbi, project, "gone", T0);
    UUID elsewhere = StoreFixtures.newInstance(jdbi, "other-" + UUID.randomUUID(), "x", T0);
    dao.markDeleted(gone, T1);

    assertThat(dao.listManaged(null, project, false))
        .extracting(m -> m.instance().id())
        .containsExactlyInAnyOrder(live, gone);
    assertThat(dao.listManaged(false, project, false))
        .extracting(m -> m.instance().id())
        .containsExactly(live);
    ManagedInstanceRow deleted = dao.listManaged(true, project, false).get(0);
    assertThat(deleted.instance().id()).isEqualTo(gone);
    assertThat(deleted.deleted()).isTrue();
    assertThat(deleted.deletedAt()).isEqualTo(T1);
    assertThat(dao.listManaged(false, null, false))
        .extracting(m -> m.instance().id())
        .contains(live, elsewhere)
        .doesNotContain(gone);
    assertThat(dao.findManaged(gone)).hasValueSatisfying(m -> assertThat(m.deleted()).isTrue());
  }

  @Test
  void transitionTaskAppliesWhenTheExpectedTaskHolds() {
    UUID id = StoreFixtures.newInstance(jdbi, "p1");

    assertThat(dao.transitionTask(id, InstanceTask.BUILDING, InstanceTask.NONE, T1)).isTrue();

    assertThat(row(id).taskStatus()).isEqualTo(InstanceTask.NONE);
    assertThat(row(id).updated()).isEqualTo(T1);
  }

  @Test
  void transitionTaskChangesNothingWhenTaskMoved() {
    UUID id = StoreFixtures.newInstance(jdbi, "p1");

    assertThat(dao.transitionTask(id, InstanceTask.NONE, InstanceTask.DELETING, T1)).isFalse();

    assertThat(row(id).taskStatus()).isEqualTo(InstanceTask.BUILDING);
    assertThat(row(id).updated()).isEqualTo(T0);
  }

  @Test
  void transitionTaskTakesTheTaskOnlyOnceForTwoRacingCallers() {
    UUID id = StoreFixtures.newInstance(jdbi, "p1");
    dao.transitionTask(id, InstanceTask.BUILDING, InstanceTask.NONE, T0);

    assertThat(dao.transitionTask(id, InstanceTask.NONE, InstanceTask.DELETING, T1)).isTrue();
    assertThat(dao.transitionTask(id, InstanceTask.NONE, InstanceTask.BACKING_UP, T1)).isFalse();
    assertThat(row(id).taskStatus()).isEqualTo(InstanceTask.DELETING);
  }

  @Test
  void transitionTaskChangesNothingOnADeletedInstance() {
    UUID id = StoreFixtures.newInstance(jdbi, "p1");
    dao.markDeleted(id, T0);

    assertThat(dao.transitionTask(id, InstanceTask.NONE, InstanceTask.DELETING, T1)).isFalse();
    assertThat(dao.lockFor(OperationType.INSTANCE_DELETE, id, T1)).isFalse();
  }

  @Test
  void lockForTakesTheTaskFromOneOfTheTasksTheOperationMayTakeItFrom() {
    UUID id = StoreFixtures.newInstance(jdbi, "p1");
    dao.transitionTask(id, InstanceTask.BUILDING, InstanceTask.BUILD_FAILED, T0);

    assertThat(dao.lockFor(OperationType.INSTANCE_DELETE, id, T1)).isTrue();
    assertThat(row(id).taskStatus()).isEqualTo(InstanceTask.DELETING);
  }

  @Test
  void lockForChangesNothingWhenAnotherOperationHoldsTheInstance() {
    UUID id = StoreFixtures.newInstance(jdbi, "p1");
    dao.transitionTask(id, InstanceTask.BUILDING, InstanceTask.NONE, T0);
    assertThat(dao.lockFor(OperationType.INSTANCE_RESTART, id, T1)).isTrue();

    assertThat(dao.lockFor(OperationType.BACKUP_CREATE, id, T1)).isFalse();
    assertThat(dao.lockFor(OperationType.INSTANCE_DELETE, id, T1)).isFalse();
    assertThat(dao.lockFor(OperationType.INSTANCE_RESTART, id, T1)).isFalse();
    assertThat(row(id).taskStatus()).isEqualTo(InstanceTask.RESTARTING);
  }

  @Test
  void recordServerStoresWhereTheGuestListens() {
    UUID id = StoreFixtures.newInstance(jdbi, "p1");

    assertThat(dao.recordServer(id, "srv-1", "127.0.0.1", 15432, "ACTIVE", T1)).isTrue();

    InstanceRow row = row(id);
    assertThat(row.serverId()).isEqualTo("srv-1");
    assertThat(row.host()).isEqualTo("127.0.0.1");
    assertThat(row.port()).isEqualTo(15432);
    assertThat(row.serverStatus()).isEqualTo("ACTIVE");
  }

  @Test
  void resetTaskClearsTheTaskAndKeepsAnActiveServerActive() {
    UUID id = StoreFixtures.newInstance(jdbi, "p1");
    dao.setServerStatus(id, "ACTIVE", T0);
    dao.transitionTask(id, InstanceTask.BUILDING, InstanceTask.BACKING_UP, T0);

    assertThat(dao.resetTask(id, T1)).isTrue();

    assertThat(row(id).taskStatus()).isEqualTo(InstanceTask.NONE);
    assertThat(row(id).serverStatus()).isEqualTo("ACTIVE");
  }

  @Test
  void resetTaskPutsAServerThatNeverBecameActiveInError() {
    UUID id = StoreFixtures.newInstance(jdbi, "p1");

    assertThat(dao.resetTask(id, T1)).isTrue();

    assertThat(row(id).taskStatus()).isEqualTo(InstanceTask.NONE);
    assertThat(row(id).serverStatus()).isEqualTo("ERROR");
  }

  @Test
  void markDeletedHidesTheInstanceAndAppliesOnce() {
    UUID id = StoreFixtures.newInstance(jdbi, "p1");

    assertThat(dao.markDeleted(id, T1)).isTrue();
    assertThat(dao.markDeleted(id, T1)).isFalse();

    assertThat(dao.findLive(id)).isEmpty();
    assertThat(dao.deletedFlag(id)).contains(true);
  }

  @Test
  void deletedFlagIsEmptyForAnInstanceThatNeverExisted() {
    UUID live = StoreFixtures.newInstance(jdbi, "p1");

    assertThat(dao.deletedFlag(live)).contains(false);
    assertThat(dao.deletedFlag(UUID.randomUUID())).isEmpty();
  }
}
