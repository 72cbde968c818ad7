package org.opentrove.conductor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.Heartbeat;
import org.opentrove.contract.MalformedMessageException;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.contract.Wire;
import org.opentrove.store.InstanceTask;
import org.opentrove.store.ServiceStatusDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a batch of guest messages in one transaction. A heartbeat older than the last one applied
 * for its instance is dropped (Trove's guard); malformed messages are dropped and counted.
 */
final class HeartbeatBatchHandler {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatBatchHandler.class);

  private final Jdbi jdbi;
  private final Clock clock;

  HeartbeatBatchHandler(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Applied heartbeats that end the wait of a create still building their instance. */
  record Applied(UUID instanceId, Heartbeat heartbeat) {}

  List<Applied> apply(List<Delivery> batch) {
    Instant now = clock.instant();
    return jdbi.inTransaction(
        handle -> {
          ServiceStatusDao statuses = handle.attach(ServiceStatusDao.class);
          List<Applied> building = new ArrayList<>();
          for (Delivery delivery : batch) {
            Optional<Envelope> envelope = decode(delivery);
            if (envelope.isEmpty() || !ConductorMethods.HEARTBEAT.equals(envelope.get().method())) {
              envelope.ifPresent(e -> LOG.warn("dropping unknown conductor method {}", e.method()));
              continue;
            }
            Heartbeat beat = Wire.args(envelope.get(), Heartbeat.class);
            UUID id = parseId(beat.instanceId());
            if (id == null || beat.serviceStatus() == null) {
              LOG.warn("dropping heartbeat without instance id or status");
              continue;
            }
            Optional<InstanceTask> task =
                statuses.applyHeartbeatReturningTask(
                    id, beat.serviceStatus().name(), beat.message(), envelope.get().sent(), now);
            if (task.isPresent()
                && task.get() == InstanceTask.BUILDING
                && endsTheWait(beat.serviceStatus())) {
              building.add(new Applied(id, beat));
            }
          }
          return building;
        });
  }

  /** Only these statuses end a create's wait; others would only grow its history. */
  private static boolean endsTheWait(ServiceStatus status) {
    return status.isResponsive() || status == ServiceStatus.FAILED;
  }

  private static Optional<Envelope> decode(Delivery delivery) {
    try {
      return Optional.of(Wire.decode(delivery.body()));
    } catch (MalformedMessageException e) {
      LOG.warn("dropping malformed conductor message ({} bytes)", delivery.body().length);
      return Optional.empty();
    }
  }

  private static UUID parseId(String id) {
    try {
      return id == null ? null : UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
