package org.opentrove.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link FlavorDao} over the flavors the migrations seed, on a database of its own. */
class FlavorDaoTest {
  private static TestDatabase db;
  private static FlavorDao dao;

  @BeforeAll
  static void start() {
    db = TestDatabase.createMigrated();
    dao = Store.jdbi(db.dataSource()).onDemand(FlavorDao.class);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void listShowsTheSeededFlavorsSmallestFirst() {
    assertThat(dao.list())
        .extracting(FlavorRow::name)
        .containsExactly("m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge");
  }

  @Test
  void aFlavorIsFoundByIdOrByName() {
    FlavorRow tiny = new FlavorRow("1", "m1.tiny", 512, 1, 1, 0);

    assertThat(dao.find("1")).contains(tiny);
    assertThat(dao.find("m1.tiny")).contains(tiny);
  }

  @Test
  void anUnknownFlavorIsNotFound() {
    assertThat(dao.find("m1.huge")).isEmpty();
    assertThat(dao.find("")).isEmpty();
  }
}
