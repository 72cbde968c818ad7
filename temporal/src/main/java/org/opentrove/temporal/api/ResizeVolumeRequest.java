package org.opentrove.temporal.api;

import java.time.Instant;
import java.util.UUID;

/**
 * A volume resize: the size the API checked it may grow to; {@code runAt}: when it was asked to run
 * (apply_at), or null for now.
 */
public record ResizeVolumeRequest(
    String operationId,
    UUID instanceId,
    String projectId,
    String requestId,
    int newSizeGb,
    Instant runAt)
    implements Scheduled {}
