package org.opentrove.conductor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.Heartbeat;
import org.opentrove.contract.MalformedMessageException;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.contract.Wire;
import org.opentrove.model.InstanceTask;
import org.opentrove.store.ServiceStatusDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a batch of guest messages in one transaction, a statement per layer of distinct instances
 * rather than one per heartbeat. A heartbeat older than the last one applied for its instance is
 * dropped (Trove's guard); malformed messages are dropped and logged.
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
    List<Map<UUID, Beat>> layers = layers(batch);
    return jdbi.inTransaction(
        handle -> {
          ServiceStatusDao statuses = handle.attach(ServiceStatusDao.class);
          List<Applied> building = new ArrayList<>();
          for (Map<UUID, Beat> layer : layers) {
            for (ServiceStatusDao.AppliedHeartbeat applied : applyLayer(statuses, layer, now)) {
              Heartbeat beat = layer.get(applied.instanceId()).heartbeat();
              if (applied.taskStatus() == InstanceTask.BUILDING
                  && endsTheWait(beat.serviceStatus())) {
                building.add(new Applied(applied.instanceId(), beat));
              }
            }
          }
          return building;
        });
  }

  private record Beat(Heartbeat heartbeat, double sent) {}

  /**
   * One statement applies beats of distinct instances, so an instance's second beat in the batch
   * goes to a second layer, applied after the first: order per instance is kept.
   */
  private static List<Map<UUID, Beat>> layers(List<Delivery> batch) {
    List<Map<UUID, Beat>> layers = new ArrayList<>();
    for (Delivery delivery : batch) {
      Optional<Envelope> envelope = decode(delivery);
      if (envelope.isEmpty() || !ConductorMethods.HEARTBEAT.equals(envelope.get().method())) {
        envelope
            .filter(e -> !ConductorMethods.UPDATE_BACKUP.equals(e.method()))
            .ifPresent(e -> LOG.warn("dropping unknown conductor method {}", e.method()));
        continue;
      }
      Heartbeat beat = Wire.args(envelope.get(), Heartbeat.class);
      UUID id = parseId(beat.instanceId());
      if (id == null || beat.serviceStatus() == null) {
        LOG.warn("dropping heartbeat without instance id or status");
        continue;
      }
      Beat entry = new Beat(beat, envelope.get().sent());
      int depth = 0;
      while (depth < layers.size() && layers.get(depth).containsKey(id)) {
        depth++;
      }
      if (depth == layers.size()) {
        layers.add(new LinkedHashMap<>());
      }
      layers.get(depth).put(id, entry);
    }
    return layers;
  }

  private static List<ServiceStatusDao.AppliedHeartbeat> applyLayer(
      ServiceStatusDao statuses, Map<UUID, Beat> layer, Instant now) {
    int size = layer.size();
    UUID[] ids = new UUID[size];
    String[] states = new String[size];
    String[] messages = new String[size];
    double[] sents = new double[size];
    long[] seqs = new long[size];
    int i = 0;
    for (Map.Entry<UUID, Beat> entry : layer.entrySet()) {
      Heartbeat beat = entry.getValue().heartbeat();
      ids[i] = entry.getKey();
      states[i] = beat.serviceStatus().name();
      messages[i] = beat.message();
      sents[i] = entry.getValue().sent();
      seqs[i] = beat.seq();
      i++;
    }
    return statuses.applyHeartbeats(ids, states, messages, sents, seqs, now);
  }

  /** Only these statuses end a create's wait; others would only grow its history. */
  private static boolean endsTheWait(ServiceStatus status) {
    return status.isResponsive() || status == ServiceStatus.FAILED;
  }

  static Optional<Envelope> decode(Delivery delivery) {
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
