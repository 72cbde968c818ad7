package org.opentrove.temporal.api;

import java.util.UUID;

/**
 * A fenced instance to bring back as a replica of {@code sourceId} (its set's source when the API
 * took it), with its flavor's memory; {@code sourceSnapshot} as in {@link CreateInstanceRequest}.
 */
public record RejoinSetRequest(
    String operationId,
    UUID instanceId,
    String projectId,
    String requestId,
    UUID sourceId,
    int memoryMb,
    UUID sourceSnapshot) {}
