package org.opentrove.store;

import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Rows the DAO tests build on; the catalogue (flavors, datastores) is seeded by the migrations. */
final class StoreFixtures {
  /** A fixed clock reading: whole seconds round-trip exactly through {@code timestamptz}. */
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  static final Instant T1 = T0.plusSeconds(60);

  private StoreFixtures() {}

  /** The seeded PostgreSQL 15 datastore version. */
  static UUID postgresVersion(Jdbi jdbi) {
    return jdbi.onDemand(DatastoreDao.class).find("postgresql").orElseThrow().defaultVersionId();
  }

  /** A new BUILDING instance of {@code project} with its NEW service status, created at T0. */
  static UUID newInstance(Jdbi jdbi, String project) {
    return newInstance(jdbi, project, "db-" + UUID.randomUUID(), T0);
  }

  static UUID newInstance(Jdbi jdbi, String project, String name, Instant created) {
    UUID id = UUID.randomUUID();
    UUID version = postgresVersion(jdbi);
    jdbi.useTransaction(
        h -> {
          h.attach(InstanceDao.class).insertBuilding(id, project, name, "1", version, 1, created);
          h.attach(ServiceStatusDao.class).insertNew(id, created);
        });
    return id;
  }
}
