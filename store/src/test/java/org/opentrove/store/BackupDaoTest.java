package org.opentrove.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentrove.store.StoreFixtures.T0;
import static org.opentrove.store.StoreFixtures.T1;

import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link BackupDao} against a fresh migrated database of its own. Every state move is a
 * compare-and-set: it applies while the backup runs (NEW, BUILDING, SAVING) and, for a guest's
 * report, only from the backup's own instance; a backup that ended does not move again.
 */
class BackupDaoTest {
  private static TestDatabase db;
  private static Jdbi jdbi;
  private static BackupDao dao;

  private UUID instance;

  @BeforeAll
  static void start() {
    db = TestDatabase.createMigrated();
    jdbi = Store.jdbi(db.dataSource());
    dao = jdbi.onDemand(BackupDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @BeforeEach
  void newInstance() {
    instance = StoreFixtures.newInstance(jdbi, "p1");
  }

  private UUID newBackup(UUID parent) {
    UUID id = UUID.randomUUID();
    dao.insertNew(
        id,
        "p1",
        instance,
        "nightly",
        "before the upgrade",
        parent,
        StoreFixtures.postgresVersion(jdbi),
        id + "/",
        T0);
    return id;
  }

  private UUID newBackup() {
    return newBackup(null);
  }

  /** A backup of this test's instance, brought to {@code state} the way the system gets there. */
  private UUID backupIn(BackupState state) {
    UUID id = newBackup();
    switch (state) {
      case NEW -> {}
      case BUILDING -> dao.advance(id, BackupState.BUILDING, T0);
      case SAVING -> dao.saving(id, instance, 10, T0);
      case COMPLETED -> dao.complete(id, instance, 100, "c0ffee", "{}", T0);
      case FAILED -> dao.fail(id, instance, "disk full", T0);
      case DELETE_FAILED -> dao.deleteFailed(id, "store refused", T0);
    }
    assertThat(row(id).state()).isEqualTo(state);
    return id;
  }

  private static BackupRow row(UUID id) {
    return dao.find(id).orElseThrow();
  }

  @Test
  void aNewBackupReadsBackWithItsDatastoreAndLocation() {
    UUID id = newBackup();

    BackupRow row = row(id);
    assertThat(row.state()).isEqualTo(BackupState.NEW);
    assertThat(row.instanceId()).isEqualTo(instance);
    assertThat(row.datastoreName()).isEqualTo("postgresql");
    assertThat(row.datastoreVersionName()).isEqualTo("15");
    assertThat(row.location()).isEqualTo(id + "/");
    assertThat(row.metadata()).isEqualTo("{}");
    assertThat(dao.find("p1", id)).isPresent();
    assertThat(dao.find("p2", id)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = BackupState.class,
      names = {"NEW", "BUILDING", "SAVING"})
  void advanceMovesARunningBackupOn(BackupState from) {
    UUID id = backupIn(from);

    assertThat(dao.advance(id, BackupState.SAVING, T1)).isTrue();

    assertThat(row(id).state()).isEqualTo(BackupState.SAVING);
    assertThat(row(id).updated()).isEqualTo(T1);
  }

  @ParameterizedTest
  @EnumSource(
      value = BackupState.class,
      names = {"COMPLETED", "FAILED", "DELETE_FAILED"})
  void advanceChangesNothingOnceTheBackupEnded(BackupState ended) {
    UUID id = backupIn(ended);
    BackupRow before = row(id);

    assertThat(dao.advance(id, BackupState.BUILDING, T1)).isFalse();

    assertThat(row(id)).isEqualTo(before);
  }

  @Test
  void savingRecordsTheBytesSoFar() {
    UUID id = backupIn(BackupState.BUILDING);

    assertThat(dao.saving(id, instance, 4096, T1)).isTrue();

    assertThat(row(id).state()).isEqualTo(BackupState.SAVING);
    assertThat(row(id).sizeBytes()).isEqualTo(4096);
  }

  @Test
  void savingChangesNothingWhenAnotherInstanceReports() {
    UUID id = backupIn(BackupState.BUILDING);
    BackupRow before = row(id);

    assertThat(dao.saving(id, UUID.randomUUID(), 4096, T1)).isFalse();

    assertThat(row(id)).isEqualTo(before);
  }

  @Test
  void savingChangesNothingOnceTheBackupCompleted() {
    UUID id = backupIn(BackupState.COMPLETED);
    BackupRow before = row(id);

    assertThat(dao.saving(id, instance, 4096, T1)).isFalse();

    assertThat(row(id)).isEqualTo(before);
  }

  @Test
  void completeRecordsSizeChecksumAndMetadataAndClearsAnyReason() {
    UUID id = backupIn(BackupState.SAVING);

    assertThat(dao.complete(id, instance, 8192, "c0ffee", "{\"wal_first\": \"0001\"}", T1))
        .isTrue();

    BackupRow row = row(id);
    assertThat(row.state()).isEqualTo(BackupState.COMPLETED);
    assertThat(row.sizeBytes()).isEqualTo(8192);
    assertThat(row.checksum()).isEqualTo("c0ffee");
    assertThat(row.metadata()).isEqualTo("{\"wal_first\": \"0001\"}");
    assertThat(row.failReason()).isNull();
  }

  @Test
  void completeChangesNothingWhenAnotherInstanceReports() {
    UUID id = backupIn(BackupState.SAVING);
    BackupRow before = row(id);

    assertThat(dao.complete(id, UUID.randomUUID(), 8192, "c0ffee", "{}", T1)).isFalse();

    assertThat(row(id)).isEqualTo(before);
  }

  @Test
  void completeChangesNothingOnceTheBackupFailed() {
    UUID id = backupIn(BackupState.FAILED);
    BackupRow before = row(id);

    assertThat(dao.complete(id, instance, 8192, "c0ffee", "{}", T1)).isFalse();

    assertThat(row(id)).isEqualTo(before);
  }

  @Test
  void aGuestsFailureReportRecordsWhy() {
    UUID id = backupIn(BackupState.SAVING);

    assertThat(dao.fail(id, instance, "disk full", T1)).isTrue();

    assertThat(row(id).state()).isEqualTo(BackupState.FAILED);
    assertThat(row(id).failReason()).isEqualTo("disk full");
  }

  @Test
  void aGuestsFailureReportChangesNothingWhenAnotherInstanceReports() {
    UUID id = backupIn(BackupState.SAVING);
    BackupRow before = row(id);

    assertThat(dao.fail(id, UUID.randomUUID(), "disk full", T1)).isFalse();

    assertThat(row(id)).isEqualTo(before);
  }

  @Test
  void aGuestsFailureReportChangesNothingOnceTheBackupCompleted() {
    UUID id = backupIn(BackupState.COMPLETED);
    BackupRow before = row(id);

    assertThat(dao.fail(id, instance, "late", T1)).isFalse();

    assertThat(row(id)).isEqualTo(before);
  }

  @Test
  void theControlPlanesFailureAppliesToARunningBackupOfAnyInstance() {
    UUID id = backupIn(BackupState.BUILDING);

    assertThat(dao.fail(id, "the instance was reset", T1)).isTrue();

    assertThat(row(id).state()).isEqualTo(BackupState.FAILED);
    assertThat(row(id).failReason()).isEqualTo("the instance was reset");
  }

  @Test
  void theControlPlanesFailureChangesNothingOnceTheBackupCompleted() {
    UUID id = backupIn(BackupState.COMPLETED);
    BackupRow before = row(id);

    assertThat(dao.fail(id, "the instance was reset", T1)).isFalse();

    assertThat(row(id)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(BackupState.class)
  void deleteFailedAppliesToAnyLiveBackup(BackupState state) {
    UUID id = backupIn(state);

    assertThat(dao.deleteFailed(id, "store refused", T1)).isTrue();

    assertThat(row(id).state()).isEqualTo(BackupState.DELETE_FAILED);
    assertThat(row(id).failReason()).isEqualTo("store refused");
  }

  @Test
  void deleteFailedChangesNothingOnADeletedBackup() {
    UUID id = backupIn(BackupState.COMPLETED);
    dao.markDeleted(id, T0);

    assertThat(dao.deleteFailed(id, "store refused", T1)).isFalse();
  }

  @Test
  void aDeletedBackupIsNoLongerListedOrFound() {
    UUID kept = backupIn(BackupState.COMPLETED);
    UUID deleted = backupIn(BackupState.COMPLETED);

    assertThat(dao.markDeleted(deleted, T1)).isTrue();

    assertThat(dao.find(deleted)).isEmpty();
    assertThat(dao.listOfInstance("p1", instance)).extracting(BackupRow::id).containsExactly(kept);
    assertThat(dao.list("p1")).extracting(BackupRow::id).contains(kept).doesNotContain(deleted);
  }

  @Test
  void listRunningShowsOnlyTheInstancesBackupsThatHaveNotEnded() {
    UUID fresh = backupIn(BackupState.NEW);
    UUID building = backupIn(BackupState.BUILDING);
    UUID saving = backupIn(BackupState.SAVING);
    backupIn(BackupState.COMPLETED);
    backupIn(BackupState.FAILED);
    backupIn(BackupState.DELETE_FAILED);
    UUID deleted = backupIn(BackupState.SAVING);
    dao.markDeleted(deleted, T1);

    assertThat(dao.listRunning(instance))
        .extracting(BackupRow::id)
        .containsExactlyInAnyOrder(fresh, building, saving);
  }

  @Test
  void childrenAreTheLiveBackupsBuiltOnAParent() {
    UUID parent = backupIn(BackupState.COMPLETED);
    UUID child = newBackup(parent);
    UUID deletedChild = newBackup(parent);
    newBackup(child);
    dao.markDeleted(deletedChild, T1);

    assertThat(dao.children(parent)).extracting(BackupRow::id).containsExactly(child);
  }
}
