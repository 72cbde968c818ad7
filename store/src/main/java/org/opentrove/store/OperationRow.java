package org.opentrove.store;

import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

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
    Instant updated,
    Instant scheduledFor) {

  /** The constructor rows are read with (the other one is for callers). */
  @JdbiConstructor
  public OperationRow {}

  /** An operation that runs as soon as it is asked for. */
  public OperationRow(
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
      Instant updated) {
    this(
        id,
        type,
        resourceType,
        resourceId,
        projectId,
        requester,
        request,
        state,
        currentStep,
        error,
        idempotencyKey,
        workflowStarted,
        created,
        updated,
        null);
  }
}
