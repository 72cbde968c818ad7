package org.opentrove.temporal.api;

import java.util.List;
import java.util.UUID;

/**
 * A new cluster: each member's own create, as the API recorded it (its operation row inserted with
 * the cluster's); the workflow places each member in turn.
 */
public record CreateClusterRequest(
    String operationId,
    UUID clusterId,
    String projectId,
    String requestId,
    List<CreateInstanceRequest> members) {
  public CreateClusterRequest {
    members = List.copyOf(members);
  }
}
