package org.opentrove.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentrove.store.StoreFixtures.T0;
import static org.opentrove.store.StoreFixtures.T1;

import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link FaultDao}, read back through the instance view, on a database of its own. */
class FaultDaoTest {
  private static TestDatabase db;
  private static Jdbi jdbi;
  private static FaultDao faults;
  private static InstanceDao instances;

  @BeforeAll
  static void start() {
    db = TestDatabase.createMigrated();
    jdbi = Store.jdbi(db.dataSource());
    faults = jdbi.onDemand(FaultDao.class);
    instances = jdbi.onDemand(InstanceDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private static InstanceRow row(UUID id) {
    return instances.findLive(id).orElseThrow();
  }

  @Test
  void aRecordedFaultShowsOnTheInstance() {
    UUID id = StoreFixtures.newInstance(jdbi, "p1");

    faults.record(id, "create-server failed", "no free port", T0);

    assertThat(row(id).faultMessage()).isEqualTo("create-server failed");
    assertThat(row(id).faultDetails()).isEqualTo("no free port");
    assertThat(row(id).faultCreated()).isEqualTo(T0);
  }

  @Test
  void aLaterFaultReplacesTheEarlierOne() {
    UUID id = StoreFixtures.newInstance(jdbi, "p1");
    faults.record(id, "first", "a", T0);

    faults.record(id, "second", null, T1);

    assertThat(row(id).faultMessage()).isEqualTo("second");
    assertThat(row(id).faultDetails()).isNull();
    assertThat(row(id).faultCreated()).isEqualTo(T1);
    assertThat(instances.listLive("p1")).extracting(InstanceRow::id).containsOnlyOnce(id);
  }

  @Test
  void clearRemovesOnlyThatInstancesFault() {
    UUID cleared = StoreFixtures.newInstance(jdbi, "p1");
    UUID other = StoreFixtures.newInstance(jdbi, "p1");
    faults.record(cleared, "boom", null, T0);
    faults.record(other, "boom", null, T0);

    faults.clear(cleared);
    faults.clear(cleared);

    assertThat(row(cleared).faultMessage()).isNull();
    assertThat(row(other).faultMessage()).isEqualTo("boom");
  }
}
