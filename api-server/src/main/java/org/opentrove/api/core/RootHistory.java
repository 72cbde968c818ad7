package org.opentrove.api.core;

import java.time.Clock;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.store.RootHistoryDao;

/** Trove's root history: whether root was ever enabled on an instance through the API. */
public class RootHistory {
  private final Jdbi jdbi;
  private final Clock clock;

  public RootHistory(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public void recordEnabled(UUID instanceId) {
    jdbi.useExtension(RootHistoryDao.class, dao -> dao.recordEnabled(instanceId, clock.instant()));
  }

  public boolean everEnabled(UUID instanceId) {
    return jdbi.withExtension(RootHistoryDao.class, dao -> dao.everEnabled(instanceId));
  }
}
