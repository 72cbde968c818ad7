package org.opentrove.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.model.InstanceTask;

class ServiceStatusDaoTest {
  private static TestDatabase db;
  private static Jdbi jdbi;

  @BeforeAll
  static void start() {
    db = TestDatabase.createMigrated();
    jdbi = Store.jdbi(db.dataSource());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void heartbeatOlderThanTheLastAppliedIsDropped() {
    UUID id = newInstance();
    ServiceStatusDao dao = jdbi.onDemand(ServiceStatusDao.class);
    Instant now = Instant.parse("2026-11-22T10:00:00Z");

    assertThat(apply(dao, id, "HEALTHY", 100.5, 1)).isTrue();
    assertThat(apply(dao, id, "SHUTDOWN", 99.0, 2)).isFalse();
    assertThat(apply(dao, id, "SHUTDOWN", 100.5, 2)).isFalse();

    assertThat(dao.find(id)).get().extracting(ServiceStatusRow::status).isEqualTo("HEALTHY");
  }

  @Test
  void aGapInTheSequenceCountsMissedHeartbeatsAndARestartedGuestDoesNot() {
    UUID id = newInstance();
    ServiceStatusDao dao = jdbi.onDemand(ServiceStatusDao.class);
    Instant now = Instant.now();

    apply(dao, id, "HEALTHY", 1, 1);
    apply(dao, id, "HEALTHY", 2, 2);
    apply(dao, id, "HEALTHY", 3, 2); // re-sent after a lost confirm
    apply(dao, id, "HEALTHY", 4, 5); // 3 and 4 never arrived
    apply(dao, id, "HEALTHY", 5, 1); // a new guest process
    apply(dao, id, "HEALTHY", 6, 2);
    apply(dao, id, "HEALTHY", 7, 0); // a guest that does not number beats

    ServiceStatusRow row = dao.find(id).orElseThrow();
    assertThat(row.heartbeats()).isEqualTo(7);
    assertThat(row.missedHeartbeats()).isEqualTo(2);
    assertThat(row.lastSeq()).isEqualTo(2);
  }

  @Test
  void resetForgetsWhatTheGuestSaidSoAnyNewHeartbeatApplies() {
    UUID id = newInstance();
    ServiceStatusDao dao = jdbi.onDemand(ServiceStatusDao.class);
    apply(dao, id, "HEALTHY", 100, 7);

    dao.reset(id, Instant.parse("2026-11-22T10:00:00Z"));

    ServiceStatusRow row = dao.find(id).orElseThrow();
    assertThat(row.status()).isEqualTo("NEW");
    assertThat(row.lastSent()).isNull();
    assertThat(row.lastSeq()).isNull();
    assertThat(apply(dao, id, "HEALTHY", 1, 1)).isTrue();
    assertThat(dao.find(id).orElseThrow().missedHeartbeats()).isZero();
  }

  @Test
  void markFailedShowsTheGuestFailedUntilItsNextHeartbeat() {
    UUID id = newInstance();
    ServiceStatusDao dao = jdbi.onDemand(ServiceStatusDao.class);
    apply(dao, id, "HEALTHY", 100, 1);

    dao.markFailed(id, "reset by an administrator", Instant.now());

    assertThat(dao.find(id).orElseThrow().status()).isEqualTo("FAILED");
    assertThat(dao.find(id).orElseThrow().message()).isEqualTo("reset by an administrator");
    assertThat(apply(dao, id, "HEALTHY", 101, 2)).isTrue();
    assertThat(dao.find(id).orElseThrow().status()).isEqualTo("HEALTHY");
  }

  /** Applies one heartbeat; answers whether it was applied. */
  private static boolean apply(
      ServiceStatusDao dao, UUID id, String status, double sent, long seq) {
    return !dao.applyHeartbeats(
            new UUID[] {id},
            new String[] {status},
            new String[] {null},
            new double[] {sent},
            new long[] {seq},
            new Long[] {null},
            Instant.now())
        .isEmpty();
  }

  @Test
  void aBeatThatMeasuredTheVolumeRecordsItsUseAndOneThatDidNotKeepsIt() {
    UUID id = newInstance();
    ServiceStatusDao dao = jdbi.onDemand(ServiceStatusDao.class);
    dao.applyHeartbeats(
        new UUID[] {id},
        new String[] {"HEALTHY"},
        new String[] {null},
        new double[] {1},
        new long[] {1},
        new Long[] {123L << 20},
        Instant.now());
    apply(dao, id, "HEALTHY", 2, 2);

    assertThat(
            jdbi.withExtension(InstanceDao.class, d -> d.findLive(id))
                .orElseThrow()
                .volumeUsedBytes())
        .isEqualTo(123L << 20);
  }

  @Test
  void oneStatementAppliesManyInstancesAndSkipsTheStaleOnes() {
    UUID a = newInstance();
    UUID b = newInstance();
    ServiceStatusDao dao = jdbi.onDemand(ServiceStatusDao.class);
    apply(dao, b, "HEALTHY", 50, 1);

    var applied =
        dao.applyHeartbeats(
            new UUID[] {a, b},
            new String[] {"HEALTHY", "SHUTDOWN"},
            new String[] {null, "stale"},
            new double[] {10, 40},
            new long[] {1, 2},
            new Long[] {5L << 20, null},
            Instant.now());

    assertThat(applied)
        .extracting(ServiceStatusDao.AppliedHeartbeat::instanceId)
        .containsExactly(a);
    assertThat(applied.get(0).taskStatus()).isEqualTo(InstanceTask.BUILDING);
    assertThat(dao.find(b).orElseThrow().status()).isEqualTo("HEALTHY");
  }

  private static UUID newInstance() {
    UUID id = UUID.randomUUID();
    DatastoreDao datastores = jdbi.onDemand(DatastoreDao.class);
    DatastoreRow pg = datastores.find("postgresql").orElseThrow();
    Instant now = Instant.now();
    jdbi.useTransaction(
        h -> {
          h.attach(InstanceDao.class)
              .insertBuilding(id, "p1", "db1", "1", pg.defaultVersionId(), 1, now);
          h.attach(ServiceStatusDao.class).insertNew(id, now);
        });
    return id;
  }
}
