package org.opentrove.activities.volume;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openstack4j.model.storage.block.Volume;
import org.opentrove.activities.compute.nova.Made;
import org.opentrove.activities.compute.nova.NovaNames;
import org.opentrove.activities.openstack.OpenStackSession;
import org.opentrove.activities.openstack.Polling;
import org.opentrove.activities.openstack.Polling.Check;
import org.opentrove.temporal.NonRetryable;

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

  /** The volumes {@code owner} made for instances, by their metadata. */
  public List<Made> madeBy(String owner) {
    return session.client().blockStorage().volumes().list().stream()
        .flatMap(v -> Made.byMetadata(v.getMetaData(), v.getCreated(), owner).stream())
        .toList();
  }

  /**
   * Fails the step for good when Cinder put the volume in an error state: its word becomes the
   * instance's fault.
   */
  public Volume healthy(String instanceId, Volume volume, String doing) {
    String status = status(volume);
    if (status.startsWith("error")) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Cinder could not " + doing + " the volume of " + instanceId + ": it is " + status,
          NonRetryable.NO_CAPACITY);
    }
    return volume;
  }

  /** Waits while the volume is in a passing state; answers it in the state it settled in. */
  public Optional<Volume> settle(String instanceId) {
    return Polling.until(
        timeout,
        () -> {
          Optional<Volume> volume = find(instanceId);
          if (volume.isEmpty()) {
            return Check.done(volume);
          }
          String status = status(volume.get());
          return PASSING.contains(status)
              ? Check.waiting("the volume of " + instanceId + " is still " + status)
              : Check.done(volume);
        });
  }

  private static final Set<String> PASSING =
      Set.of(
          "creating",
          "attaching",
          "detaching",
          "deleting",
          "extending",
          "downloading",
          "reserved",
          "maintenance",
          "retyping");

  /**
   * Cinder's own word for the volume's state: OpenStack4j folds "extending" and "error_extending"
   * (among others) into UNRECOGNIZED.
   */
  public String status(Volume volume) {
    if (volume.getStatus() != Volume.Status.UNRECOGNIZED) {
      return volume.getStatus().name().toLowerCase(java.util.Locale.ROOT);
    }
    try {
      var response = session.call("volumev3", "GET", "/volumes/" + volume.getId(), null, null);
      return JSON.readTree(response.body()).path("volume").path("status").asText("unknown");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  OpenStackSession session() {
    return session;
  }
}
