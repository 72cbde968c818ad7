package org.opentrove.temporal.api;

import java.util.UUID;

/** A volume resize: the size the API checked it may grow to. */
public record ResizeVolumeRequest(
    String operationId, UUID instanceId, String projectId, String requestId, int newSizeGb) {}
