package org.opentrove.temporal.api;

import java.util.List;
import java.util.UUID;

/**
 * A switchover of the replica {@code instanceId} to source of its set: {@code sourceId} hands over,
 * {@code otherReplicas} (the set's other replicas when it was asked) follow the new source; {@code
 * synchronous}: the set has automatic failover, so the new source's commits wait for a replica.
 */
public record PromoteReplicaRequest(
    String operationId,
    UUID instanceId,
    String projectId,
    String requestId,
    UUID sourceId,
    List<UUID> otherReplicas,
    boolean synchronous) {

  public PromoteReplicaRequest {
    otherReplicas = otherReplicas == null ? List.of() : List.copyOf(otherReplicas);
  }

  /** Every member of the set: the source, the replica taking over, the others. */
  public List<UUID> members() {
    java.util.ArrayList<UUID> members = new java.util.ArrayList<>();
    members.add(sourceId);
    members.add(instanceId);
    members.addAll(otherReplicas);
    return List.copyOf(members);
  }
}
