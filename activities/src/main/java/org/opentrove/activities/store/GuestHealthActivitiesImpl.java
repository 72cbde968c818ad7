package org.opentrove.activities.store;

import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.activities.ActivityProgress;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.store.ServiceStatusDao;
import org.opentrove.store.ServiceStatusRow;
import org.opentrove.temporal.NonRetryable;
import org.opentrove.temporal.activities.store.GuestHealthActivities;

public class GuestHealthActivitiesImpl implements GuestHealthActivities {
  /**
   * The heartbeat awaited usually lands within a second (the guest sends one as its status
   * changes), so the first polls are close together; a slow guest is polled less and less often.
   */
  private static final Duration FIRST_POLL = Duration.ofMillis(50);

  private static final Duration MAX_POLL = Duration.ofSeconds(2);

  private final Jdbi jdbi;
  private final Clock clock;

  public GuestHealthActivitiesImpl(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public void awaitHealthyHeartbeat(UUID instanceId, long heartbeatsBefore, long timeoutSeconds) {
    Instant deadline = clock.instant().plusSeconds(timeoutSeconds);
    Duration poll = FIRST_POLL;
    Optional<ServiceStatusRow> row = read(instanceId);
    while (!healthyAfter(row, heartbeatsBefore)) {
      if (clock.instant().isAfter(deadline)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the guest did not report a healthy datastore within "
                + timeoutSeconds
                + "s (last status "
                + row.map(ServiceStatusRow::status).orElse("NEW")
                + ")",
            NonRetryable.GUEST_TIMEOUT);
      }
      ActivityProgress.beat();
      sleep(poll);
      Duration next = poll.multipliedBy(3).dividedBy(2);
      poll = next.compareTo(MAX_POLL) > 0 ? MAX_POLL : next;
      row = read(instanceId);
    }
  }

  private Optional<ServiceStatusRow> read(UUID instanceId) {
    return jdbi.withExtension(ServiceStatusDao.class, dao -> dao.find(instanceId));
  }

  private static boolean healthyAfter(Optional<ServiceStatusRow> row, long heartbeatsBefore) {
    return row.isPresent()
        && row.get().heartbeats() > heartbeatsBefore
        && ServiceStatus.fromWire(row.get().status()).isResponsive();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a heartbeat", e);
    }
  }
}
