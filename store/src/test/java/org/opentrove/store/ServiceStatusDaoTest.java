package org.opentrove.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    assertThat(dao.applyHeartbeat(id, "HEALTHY", null, 100.5, now)).isTrue();
    assertThat(dao.applyHeartbeat(id, "SHUTDOWN", null, 99.0, now)).isFalse();
    assertThat(dao.applyHeartbeat(id, "SHUTDOWN", null, 100.5, now)).isFalse();

    assertThat(dao.find(id)).get().extracting(ServiceStatusRow::status).isEqualTo("HEALTHY");
  }

  @Test
  void taskTransitionIsACompareAndSet() {
    UUID id = newInstance();
    InstanceDao dao = jdbi.onDemand(InstanceDao.class);
    Instant now = Instant.now();

    assertThat(dao.transitionTask(id, InstanceTask.NONE, InstanceTask.DELETING, now)).isFalse();
    assertThat(dao.transitionTask(id, InstanceTask.BUILDING, InstanceTask.NONE, now)).isTrue();
    assertThat(dao.transitionTask(id, InstanceTask.BUILDING, InstanceTask.NONE, now)).isFalse();
    assertThat(dao.findLive(id))
        .get()
        .extracting(InstanceRow::taskStatus)
        .isEqualTo(InstanceTask.NONE);
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
