package org.opentrove.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DatastoreDao} over the seeded datastores plus one inactive PostgreSQL version, on a
 * database of its own.
 */
class DatastoreDaoTest {
  private static final UUID RETIRED = UUID.fromString("00000000-0000-0000-0000-00000000e014");

  private static TestDatabase db;
  private static DatastoreDao dao;
  private static DatastoreRow postgres;
  private static DatastoreRow mariadb;

  @BeforeAll
  static void start() {
    db = TestDatabase.createMigrated();
    Jdbi jdbi = Store.jdbi(db.dataSource());
    dao = jdbi.onDemand(DatastoreDao.class);
    postgres = dao.find("postgresql").orElseThrow();
    mariadb = dao.find("mariadb").orElseThrow();
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "insert into datastore_versions (id, datastore_id, name, version, manager,"
                        + " active) values (:id, :ds, '14', '14', 'postgresql', false)")
                .bind("id", RETIRED)
                .bind("ds", postgres.id())
                .execute());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void listShowsEveryDatastoreByName() {
    assertThat(dao.list()).extracting(DatastoreRow::name).containsExactly("mariadb", "postgresql");
  }

  @Test
  void aDatastoreIsFoundByIdOrByName() {
    assertThat(dao.find(postgres.id().toString())).contains(postgres);
    assertThat(dao.find("postgresql")).contains(postgres);
    assertThat(dao.find("mysql")).isEmpty();
  }

  @Test
  void eachSeededDatastoreDefaultsToItsOwnActiveVersion() {
    for (DatastoreRow datastore : dao.list()) {
      DatastoreVersionRow version = dao.findVersionById(datastore.defaultVersionId()).orElseThrow();
      assertThat(version.datastoreId()).isEqualTo(datastore.id());
      assertThat(version.active()).isTrue();
    }
  }

  @Test
  void inactiveVersionsAreNotListed() {
    assertThat(dao.listVersions(postgres.id()))
        .extracting(DatastoreVersionRow::name)
        .containsExactly("15");
    assertThat(dao.listActiveVersions())
        .extracting(DatastoreVersionRow::name)
        .containsExactlyInAnyOrder("15", "10.11");
  }

  @Test
  void aVersionIsFoundByIdOrNameWithinItsDatastoreOnly() {
    UUID pg15 = postgres.defaultVersionId();

    assertThat(dao.findVersion(postgres.id(), "15"))
        .get()
        .extracting(DatastoreVersionRow::id)
        .isEqualTo(pg15);
    assertThat(dao.findVersion(postgres.id(), pg15.toString())).isPresent();
    assertThat(dao.findVersion(mariadb.id(), pg15.toString())).isEmpty();
    assertThat(dao.findVersion(mariadb.id(), "15")).isEmpty();
  }

  @Test
  void anInactiveVersionCannotBeChosenButStillResolvesById() {
    assertThat(dao.findVersion(postgres.id(), "14")).isEmpty();
    assertThat(dao.findVersion(postgres.id(), RETIRED.toString())).isEmpty();
    assertThat(dao.findVersionById(RETIRED))
        .get()
        .extracting(DatastoreVersionRow::active)
        .isEqualTo(false);
  }
}
