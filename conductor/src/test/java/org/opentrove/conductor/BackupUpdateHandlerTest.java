package org.opentrove.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.Wire;
import org.opentrove.store.BackupDao;
import org.opentrove.store.BackupRow;
import org.opentrove.store.BackupState;
import org.opentrove.store.DatastoreDao;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;

/** Guests' backup reports against the real control-plane database. */
class BackupUpdateHandlerTest {
  private TestDatabase db;
  private Jdbi jdbi;
  private final GuestReportDecoder decoder = GuestMessages.decoder();
  private ReportApplier applier;
  private UUID instance;
  private UUID backup;

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabase.createMigrated();
    jdbi = Store.jdbi(db.dataSource());
    applier = new ReportApplier(jdbi, Clock.systemUTC());
    UUID version =
        jdbi.withExtension(DatastoreDao.class, dao -> dao.find("postgresql"))
            .orElseThrow()
            .defaultVersionId();
    instance = UUID.randomUUID();
    backup = UUID.randomUUID();
    jdbi.useExtension(
        InstanceDao.class,
        dao -> dao.insertBuilding(instance, "p", "i", "1", version, 1, Instant.now()));
    jdbi.useExtension(
        BackupDao.class,
        dao ->
            dao.insertNew(
                backup, "p", instance, "b", null, null, version, backup + "/", Instant.now()));
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private Delivery report(UUID from, String state, long size) {
    BackupUpdate update =
        new BackupUpdate(
            from.toString(),
            backup.toString(),
            state,
            size,
            "c0ffee",
            Map.of("to_lsn", "42"),
            "why");
    return GuestMessages.delivery(
        1,
        Wire.encode(
            Wire.envelope(
                ConductorMethods.UPDATE_BACKUP, update, RequestContext.none(), Clock.systemUTC())));
  }

  /** Decodes and applies in one transaction, as the conductor does. */
  private List<BackupUpdate> apply(Delivery delivery) {
    Decoded decoded = decoder.decode(delivery);
    assertThat(decoded.problem()).isNull();
    return applier.apply(List.of(decoded.report())).finishedBackups();
  }

  private BackupRow row() {
    return jdbi.withExtension(BackupDao.class, dao -> dao.find(backup)).orElseThrow();
  }

  @Test
  void progressThenResultAreAppliedAndAFinishedBackupNeverMoves() {
    assertThat(apply(report(instance, BackupUpdate.SAVING, 10))).isEmpty();
    assertThat(row().state()).isEqualTo(BackupState.SAVING);
    assertThat(row().sizeBytes()).isEqualTo(10);

    List<BackupUpdate> finished = apply(report(instance, BackupUpdate.COMPLETED, 99));
    assertThat(finished).hasSize(1);
    assertThat(row().state()).isEqualTo(BackupState.COMPLETED);
    assertThat(row().metadata()).contains("to_lsn");

    assertThat(apply(report(instance, BackupUpdate.FAILED, 0))).isEmpty();
    assertThat(row().state()).isEqualTo(BackupState.COMPLETED);
  }

  @Test
  void anotherInstancesGuestCannotFinishTheBackup() {
    assertThat(apply(report(UUID.randomUUID(), BackupUpdate.COMPLETED, 1))).isEmpty();
    assertThat(row().state()).isEqualTo(BackupState.NEW);
  }

  @Test
  void unreadableReportsAreRejectedWhenDecoded() {
    Delivery garbage = GuestMessages.delivery(2, "not json".getBytes(StandardCharsets.UTF_8));
    Delivery noState =
        GuestMessages.delivery(
            3,
            Wire.encode(
                Wire.envelope(
                    ConductorMethods.UPDATE_BACKUP,
                    Map.of("backup_id", backup.toString(), "instance_id", instance.toString()),
                    RequestContext.none(),
                    Clock.systemUTC())));
    assertThat(decoder.decode(garbage).problem()).isEqualTo("not a JSON envelope");
    assertThat(decoder.decode(noState).problem()).isEqualTo("no state, or an unknown one");

    assertThat(apply(report(instance, BackupUpdate.FAILED, 0))).hasSize(1);
    assertThat(row().state()).isEqualTo(BackupState.FAILED);
    assertThat(row().failReason()).isEqualTo("why");
  }
}
