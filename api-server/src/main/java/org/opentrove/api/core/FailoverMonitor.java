package org.opentrove.api.core;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.errors.TroveError;
import org.opentrove.model.OperationType;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.InstanceRow;
import org.opentrove.store.OperationDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic failover (beyond Trove): every check it ejects each source of a set with {@code
 * auto_failover} whose last heartbeat is older than the grace, as the tenant's {@code
 * eject_replica_source} would, unless the set failed over within the damping interval (a flapping
 * source does not bounce the set). Several API processes may run it: the eject takes every member
 * of the set in one transaction, so only one of them records it.
 */
public final class FailoverMonitor implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverMonitor.class);

  private final Jdbi jdbi;
  private final ReplicaService replicas;
  private final Clock clock;
  private final Duration grace;
  private final Duration damping;
  private final Duration period;
  private ScheduledExecutorService scheduler;

  public FailoverMonitor(
      Jdbi jdbi,
      ReplicaService replicas,
      Clock clock,
      Duration grace,
      Duration damping,
      Duration period) {
    this.jdbi = jdbi;
    this.replicas = replicas;
    this.clock = clock;
    this.grace = grace;
    this.damping = damping;
    this.period = period;
  }

  @Override
  public void start() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "failover-monitor");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::checkQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  /** One check; returns the operations it started. */
  public List<String> check() {
    Instant now = clock.instant();
    List<String> started = new ArrayList<>();
    for (InstanceRow source :
        jdbi.withExtension(InstanceDao.class, dao -> dao.silentFailoverSources(now.minus(grace)))) {
      List<UUID> set =
          jdbi.withExtension(InstanceDao.class, dao -> dao.liveReplicasOf(source.id()));
      List<UUID> members = new ArrayList<>(set);
      members.add(source.id());
      int recent =
          jdbi.withExtension(
              OperationDao.class,
              dao ->
                  dao.countRecent(
                      OperationType.INSTANCE_EJECT_SOURCE.code(), members, now.minus(damping)));
      if (recent > 0) {
        LOG.warn(
            "source {} is silent, but its set failed over less than {} s ago: not again yet",
            source.id(),
            damping.toSeconds());
        continue;
      }
      try {
        String operationId =
            replicas.recordEject(
                source,
                set,
                null,
                Map.of(
                    "eject_replica_source",
                    Map.of(
                        "requested_by", "failover-monitor",
                        "silent_since", String.valueOf(source.serviceStatusUpdated()),
                        "grace_seconds", grace.toSeconds())),
                now);
        LOG.warn(
            "source {} silent since {}: failing over ({})",
            source.id(),
            source.serviceStatusUpdated(),
            operationId);
        started.add(operationId);
      } catch (TroveError e) {
        LOG.info("failover of {} not started: {}", source.id(), e.getMessage());
      }
    }
    return started;
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.warn("failover check failed; next in {} ms", period.toMillis(), e);
    }
  }
}
