package org.opentrove.temporal.api;

import java.time.Instant;
import java.util.UUID;

/**
 * A flavor resize, both flavors resolved by the API when it was asked: the workflow puts the
 * instance back on {@code from} if it cannot run on {@code to}. {@code runAt}: when it was asked to
 * run (apply_at), or null for now.
 */
public record ResizeFlavorRequest(
    String operationId,
    UUID instanceId,
    String projectId,
    String requestId,
    Flavor from,
    Flavor to,
    Instant runAt)
    implements Scheduled {

  /** A flavor's id and the limits the server and the datastore's memory settings take from it. */
  public record Flavor(String id, int ramMb, int vcpus) {}
}
