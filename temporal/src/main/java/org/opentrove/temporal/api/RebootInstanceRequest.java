package org.opentrove.temporal.api;

import java.time.Instant;
import java.util.UUID;

/** {@code runAt}: when it was asked to run (apply_at), or null for now. */
public record RebootInstanceRequest(
    String operationId, UUID instanceId, String projectId, String requestId, Instant runAt)
    implements Scheduled {}
