package org.opentrove.temporal.api;

import java.util.List;
import java.util.UUID;

/** Every member's own delete, then the cluster is gone. */
public record DeleteClusterRequest(
    String operationId,
    UUID clusterId,
    String projectId,
    String requestId,
    List<DeleteInstanceRequest> members) {
  public DeleteClusterRequest {
    members = List.copyOf(members);
  }
}
