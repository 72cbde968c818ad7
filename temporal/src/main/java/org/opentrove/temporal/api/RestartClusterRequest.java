package org.opentrove.temporal.api;

import java.util.List;
import java.util.UUID;

/** Every member of {@code clusterId}, each with its own restart, in the order they restart. */
public record RestartClusterRequest(
    String operationId,
    UUID clusterId,
    String projectId,
    String requestId,
    List<RestartInstanceRequest> members) {
  public RestartClusterRequest {
    members = List.copyOf(members);
  }
}
