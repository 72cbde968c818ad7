package org.opentrove.temporal.api;

import java.util.UUID;

public record RebootInstanceRequest(
    String operationId, UUID instanceId, String projectId, String requestId) {}
