package org.opentrove.temporal.api;

import java.util.UUID;

/** Trove's detach: {@code sourceId} is the instance the replica followed when it was asked. */
public record DetachReplicaRequest(
    String operationId, UUID instanceId, String projectId, String requestId, UUID sourceId) {}
