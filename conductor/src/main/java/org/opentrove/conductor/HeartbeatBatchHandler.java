package org.opentrove.conductor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opentrove.contract.Heartbeat;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.contract.VolumeUsage;
import org.opentrove.model.InstanceTask;
import org.opentrove.store.FaultDao;
import org.opentrove.store.ServiceStatusDao;

/**
 * Applies a batch's heartbeats inside the caller's transaction, a statement per layer of distinct
 * instances rather than one per heartbeat. A heartbeat older than the last one applied for its
 * instance is dropped (Trove's guard); the applied ones also set or clear the volume-full fault.
 */
final class HeartbeatBatchHandler {

  private HeartbeatBatchHandler() {}

  /** Applied heartbeats that end the wait of a create still building their instance. */
  record Applied(UUID instanceId, Heartbeat heartbeat) {}

  static List<Applied> apply(
      ServiceStatusDao statuses, FaultDao faults, List<GuestReport.Beat> beats, Instant now) {
    List<Applied> building = new ArrayList<>();
    for (Map<UUID, GuestReport.Beat> layer : layers(beats)) {
      List<UUID> appliedIds = new ArrayList<>();
      List<Heartbeat> appliedBeats = new ArrayList<>();
      for (ServiceStatusDao.AppliedHeartbeat applied : applyLayer(statuses, layer, now)) {
        Heartbeat beat = layer.get(applied.instanceId()).heartbeat();
        appliedIds.add(applied.instanceId());
        appliedBeats.add(beat);
        if (applied.taskStatus() == InstanceTask.BUILDING && endsTheWait(beat.serviceStatus())) {
          building.add(new Applied(applied.instanceId(), beat));
        }
      }
      VolumeFaults.apply(faults, appliedBeats, appliedIds, now);
    }
    return building;
  }

  /**
   * One statement applies beats of distinct instances, so an instance's second beat in the batch
   * goes to a second layer, applied after the first: order per instance is kept.
   */
  private static List<Map<UUID, GuestReport.Beat>> layers(List<GuestReport.Beat> beats) {
    List<Map<UUID, GuestReport.Beat>> layers = new ArrayList<>();
    for (GuestReport.Beat beat : beats) {
      int depth = 0;
      while (depth < layers.size() && layers.get(depth).containsKey(beat.instanceId())) {
        depth++;
      }
      if (depth == layers.size()) {
        layers.add(new LinkedHashMap<>());
      }
      layers.get(depth).put(beat.instanceId(), beat);
    }
    return layers;
  }

  private static List<ServiceStatusDao.AppliedHeartbeat> applyLayer(
      ServiceStatusDao statuses, Map<UUID, GuestReport.Beat> layer, Instant now) {
    int size = layer.size();
    UUID[] ids = new UUID[size];
    String[] states = new String[size];
    String[] messages = new String[size];
    double[] sents = new double[size];
    long[] seqs = new long[size];
    Long[] usedBytes = new Long[size];
    int i = 0;
    for (GuestReport.Beat beat : layer.values()) {
      ids[i] = beat.instanceId();
      states[i] = beat.heartbeat().serviceStatus().name();
      messages[i] = beat.heartbeat().message();
      sents[i] = beat.sent();
      seqs[i] = beat.heartbeat().seq();
      VolumeUsage volume = beat.heartbeat().volume();
      usedBytes[i] = volume == null ? null : volume.usedBytes();
      i++;
    }
    return statuses.applyHeartbeats(ids, states, messages, sents, seqs, usedBytes, now);
  }

  /** Only these statuses end a create's wait; others would only grow its history. */
  private static boolean endsTheWait(ServiceStatus status) {
    return status.isResponsive() || status == ServiceStatus.FAILED;
  }
}
