package org.opentrove.temporal.api;

import java.util.List;
import java.util.UUID;

/** New members joining the members of {@code clusterId} that run now ({@code existing}). */
public record GrowClusterRequest(
    String operationId,
    UUID clusterId,
    String projectId,
    String requestId,
    List<UUID> existing,
    List<CreateInstanceRequest> joining) {
  public GrowClusterRequest {
    existing = List.copyOf(existing);
    joining = List.copyOf(joining);
  }
}
