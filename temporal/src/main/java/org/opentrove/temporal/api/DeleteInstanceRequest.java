package org.opentrove.temporal.api;

import java.util.UUID;

/** {@code replicaOf}: the source a replica follows, whose account and slot for it go too. */
public record DeleteInstanceRequest(
    String operationId, UUID instanceId, String projectId, String requestId, UUID replicaOf) {

  public DeleteInstanceRequest(
      String operationId, UUID instanceId, String projectId, String requestId) {
    this(operationId, instanceId, projectId, requestId, null);
  }
}
