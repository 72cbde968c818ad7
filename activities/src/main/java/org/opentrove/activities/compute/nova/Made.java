package org.opentrove.activities.compute.nova;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

/** Something found on the cloud that a control plane made for an instance, and when. */
public record Made(String instanceId, Instant at) {

  /**
   * A server or volume by its metadata: made by {@code owner} for an instance, or empty. Without a
   * creation time it counts as made now.
   */
  public static Optional<Made> byMetadata(
      Map<String, String> metadata, Date created, String owner) {
    if (metadata == null
        || !owner.equals(metadata.get(NovaNames.MANAGED_KEY))
        || !metadata.containsKey(NovaNames.INSTANCE_KEY)) {
      return Optional.empty();
    }
    return Optional.of(
        new Made(
            metadata.get(NovaNames.INSTANCE_KEY),
            created == null ? Instant.now() : created.toInstant()));
  }
}
