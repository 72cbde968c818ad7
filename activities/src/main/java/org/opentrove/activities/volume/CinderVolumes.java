package org.opentrove.activities.volume;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.openstack4j.model.storage.block.Volume;
import org.opentrove.activities.ActivityProgress;
import org.opentrove.activities.compute.nova.NovaNames;
import org.opentrove.activities.openstack.OpenStackSession;

/** Finds an instance's Cinder volume by its name and waits for its states. */
public final class CinderVolumes {
  private final OpenStackSession session;
  private final Duration timeout;

  public CinderVolumes(OpenStackSession session, Duration timeout) {
    this.session = session;
    this.timeout = timeout;
  }

  public Optional<Volume> find(String instanceId) {
    String name = NovaNames.of(instanceId);
    return session.client().blockStorage().volumes().list(Map.of("name", name)).stream()
        .filter(v -> name.equals(v.getName()))
        .map(v -> (Volume) v)
        .findFirst();
  }

  /** Waits while the volume is in a passing state; answers it in the state it settled in. */
  public Optional<Volume> settle(String instanceId) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ActivityProgress.beat();
      Optional<Volume> volume = find(instanceId);
      if (volume.isEmpty() || !passing(volume.get().getStatus())) {
        return volume;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the volume of "
                + instanceId
                + " is still "
                + volume.get().getStatus()
                + " after "
                + timeout.toSeconds()
                + " s");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static boolean passing(Volume.Status status) {
    return switch (status) {
        // OpenStack4j knows no "extending": it arrives as UNRECOGNIZED.
      case CREATING, ATTACHING, DETACHING, DELETING, DOWNLOADING, RESERVERD, UNRECOGNIZED -> true;
      default -> false;
    };
  }

  OpenStackSession session() {
    return session;
  }
}
