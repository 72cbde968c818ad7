package org.opentrove.activities.compute;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.store.InstanceDao;

/**
 * Whether a server or volume found on the compute substrate still belongs to a live instance. An
 * instance's row is written before anything is made for it, so a leftover of a deleted instance, or
 * one no row names and older than the grace period, is an orphan; the grace covers a create whose
 * row is still committing.
 */
public final class InstanceOwnership {
  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration grace;

  public InstanceOwnership(Jdbi jdbi, Clock clock, Duration grace) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.grace = grace;
  }

  /** {@code madeAt}: when the oldest thing found for the instance was made. */
  public boolean isOrphan(String instanceId, Instant madeAt) {
    UUID id;
    try {
      id = UUID.fromString(instanceId);
    } catch (IllegalArgumentException e) {
      return false; // not named by this control plane
    }
    Optional<Boolean> deleted = jdbi.withExtension(InstanceDao.class, dao -> dao.deletedFlag(id));
    if (deleted.isPresent()) {
      return deleted.get();
    }
    return madeAt.isBefore(clock.instant().minus(grace));
  }
}
