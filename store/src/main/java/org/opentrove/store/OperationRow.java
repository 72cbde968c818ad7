package org.opentrove.store;

import java.time.Instant;
import java.util.UUID;

/**
 * The API's record of a request; its id is the workflow id. {@code request} is JSON with secrets
 * already redacted.
 */
public record OperationRow(
    String id,
    String type,
    String resourceType,
    UUID resourceId,
    String projectId,
    String requester,
    String request,
    OperationState state,
    String currentStep,
    String error,
    String idempotencyKey,
    boolean workflowStarted,
    Instant created,
    Instant updated) {}
