package org.opentrove.api.core;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;
import org.opentrove.store.OperationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts every operation that was committed but whose workflow was never started (the API process
 * died, or Temporal was unreachable, between the two). Starting is idempotent by workflow id, so
 * several API replicas reconciling at once start each operation once.
 */
public final class OperationReconciler implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(OperationReconciler.class);

  private final Jdbi jdbi;
  private final OperationStarter starter;
  private final Clock clock;
  private final Duration grace;
  private final Duration period;
  private ScheduledExecutorService scheduler;

  public OperationReconciler(
      Jdbi jdbi, OperationStarter starter, Clock clock, Duration grace, Duration period) {
    this.jdbi = jdbi;
    this.starter = starter;
    this.clock = clock;
    this.grace = grace;
    this.period = period;
  }

  @Override
  public void start() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "operation-reconciler");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::reconcileQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One pass; returns how many operations it started. */
  public int reconcile() {
    int started = 0;
    for (OperationRow operation :
        jdbi.withExtension(
            OperationDao.class, dao -> dao.listUnstarted(clock.instant().minus(grace)))) {
      Optional<byte[]> input =
          jdbi.withExtension(OperationDao.class, dao -> dao.workflowInput(operation.id()));
      if (input.isEmpty()) {
        LOG.warn("operation {} has no stored workflow input; failing it", operation.id());
        jdbi.useExtension(
            OperationDao.class,
            dao ->
                dao.finish(
                    operation.id(),
                    OperationState.FAILED,
                    "the operation was never started and cannot be rebuilt",
                    clock.instant()));
        continue;
      }
      if (!starter.startStored(operation.id(), input.get())) {
        LOG.warn("operation {} not started (no workflow, or Temporal unreachable)", operation.id());
        continue;
      }
      LOG.info("started operation {} that was committed but never started", operation.id());
      started++;
    }
    return started;
  }

  private void reconcileQuietly() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      LOG.warn("reconciling operations failed, will retry: {}", e.toString());
    }
  }

  @Override
  public void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
