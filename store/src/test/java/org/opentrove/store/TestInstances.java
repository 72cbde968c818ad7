package org.opentrove.store;

import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Instance rows for other modules' tests (the orphan reapers' verdicts read them). */
public final class TestInstances {
  private TestInstances() {}

  /** A PostgreSQL instance row with the given id, BUILDING, or already deleted. */
  public static void insert(Jdbi jdbi, String id, boolean deleted) {
    UUID version =
        jdbi.onDemand(DatastoreDao.class).find("postgresql").orElseThrow().defaultVersionId();
    InstanceDao dao = jdbi.onDemand(InstanceDao.class);
    dao.insertBuilding(UUID.fromString(id), "p", "i", "1", version, 1, Instant.now());
    if (deleted) {
      dao.markDeleted(UUID.fromString(id), Instant.now());
    }
  }
}
