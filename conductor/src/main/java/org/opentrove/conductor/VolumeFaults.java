package org.opentrove.conductor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.opentrove.contract.Heartbeat;
import org.opentrove.contract.VolumeUsage;
import org.opentrove.store.FaultDao;

/**
 * Turns the volume usage in applied heartbeats into the instance's fault: a full volume shows
 * "volume full: ..." on the instance (its status stays as the guest reports it, since reads still
 * work), and the fault goes with the first beat that finds room again.
 */
final class VolumeFaults {
  private VolumeFaults() {}

  /** Applies one layer's beats (distinct instances), in the caller's transaction. */
  static void apply(FaultDao faults, List<Heartbeat> applied, List<UUID> ids, Instant now) {
    List<UUID> full = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    List<String> details = new ArrayList<>();
    List<UUID> roomy = new ArrayList<>();
    for (int i = 0; i < applied.size(); i++) {
      VolumeUsage volume = applied.get(i).volume();
      if (volume == null) {
        continue;
      }
      if (volume.full()) {
        full.add(ids.get(i));
        messages.add(volume.faultMessage());
        details.add(
            "free " + volume.freeBytes() + " of " + volume.totalBytes() + " bytes on the volume");
      } else {
        roomy.add(ids.get(i));
      }
    }
    if (!full.isEmpty()) {
      faults.recordVolumeFull(
          full.toArray(UUID[]::new),
          messages.toArray(String[]::new),
          details.toArray(String[]::new),
          VolumeUsage.FAULT_PREFIX,
          now);
    }
    if (!roomy.isEmpty()) {
      faults.clearVolumeFull(roomy.toArray(UUID[]::new), VolumeUsage.FAULT_PREFIX);
    }
  }
}
