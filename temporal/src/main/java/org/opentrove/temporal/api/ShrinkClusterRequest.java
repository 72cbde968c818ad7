package org.opentrove.temporal.api;

import java.util.List;
import java.util.UUID;

/** Members leaving {@code clusterId} (each one's own delete) and the members that stay. */
public record ShrinkClusterRequest(
    String operationId,
    UUID clusterId,
    String projectId,
    String requestId,
    List<UUID> remaining,
    List<DeleteInstanceRequest> leaving) {
  public ShrinkClusterRequest {
    remaining = List.copyOf(remaining);
    leaving = List.copyOf(leaving);
  }
}
