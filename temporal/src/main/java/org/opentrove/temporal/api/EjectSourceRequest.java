package org.opentrove.temporal.api;

import java.util.List;
import java.util.UUID;

/**
 * An eject of the source {@code instanceId}, whose heartbeat expired, from its set: {@code
 * replicas} (its replicas when it was asked) choose a new source among them; {@code synchronous}:
 * the set has automatic failover, so the new source's commits wait for a replica.
 */
public record EjectSourceRequest(
    String operationId,
    UUID instanceId,
    String projectId,
    String requestId,
    List<UUID> replicas,
    boolean synchronous) {

  public EjectSourceRequest {
    replicas = replicas == null ? List.of() : List.copyOf(replicas);
  }

  /** Every member of the set: the source, then its replicas. */
  public List<UUID> members() {
    java.util.ArrayList<UUID> members = new java.util.ArrayList<>();
    members.add(instanceId);
    members.addAll(replicas);
    return List.copyOf(members);
  }
}
