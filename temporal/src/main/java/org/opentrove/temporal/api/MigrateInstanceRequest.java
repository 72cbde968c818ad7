package org.opentrove.temporal.api;

import java.util.UUID;

/** {@code host}: the compute host to move to, or null for the scheduler's choice. */
public record MigrateInstanceRequest(
    String operationId, UUID instanceId, String projectId, String requestId, String host) {}
