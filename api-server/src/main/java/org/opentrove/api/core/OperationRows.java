package org.opentrove.api.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.opentrove.model.OperationType;
import org.opentrove.store.OperationRow;
import org.opentrove.store.OperationState;

/** Builds the record of a request that starts an operation, or of one done at once. */
final class OperationRows {
  private OperationRows() {}

  /** {@code pending}, asked for at {@code at}: SCHEDULED until then. */
  static OperationRow scheduled(OperationRow pending, Instant at) {
    return new OperationRow(
        pending.id(),
        pending.type(),
        pending.resourceType(),
        pending.resourceId(),
        pending.projectId(),
        pending.requester(),
        pending.request(),
        OperationState.SCHEDULED,
        null,
        null,
        pending.idempotencyKey(),
        false,
        pending.created(),
        pending.updated(),
        at);
  }

  /**
   * A SUCCEEDED operation the API carried out itself (no workflow): a reset, a rename. {@code
   * request} must already have its secrets redacted.
   */
  static OperationRow done(
      ObjectMapper json,
      String operationId,
      OperationType type,
      UUID resourceId,
      String projectId,
      String requester,
      Map<String, Object> request,
      Instant now) {
    try {
      return new OperationRow(
          operationId,
          type.code(),
          type.resource().tableName(),
          resourceId,
          projectId,
          requester,
          json.writeValueAsString(request),
          OperationState.SUCCEEDED,
          null,
          null,
          null,
          true,
          now,
          now);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot record the request", e);
    }
  }

  /**
   * {@code pending}, whose workflow another operation's starts as its child: the reconciler must
   * never start it on its own.
   */
  static OperationRow startedByParent(OperationRow pending) {
    return new OperationRow(
        pending.id(),
        pending.type(),
        pending.resourceType(),
        pending.resourceId(),
        pending.projectId(),
        pending.requester(),
        pending.request(),
        pending.state(),
        pending.currentStep(),
        pending.error(),
        pending.idempotencyKey(),
        true,
        pending.created(),
        pending.updated());
  }

  /** A PENDING operation on a resource; {@code request} must already have its secrets redacted. */
  static OperationRow pending(
      ObjectMapper json,
      String operationId,
      String type,
      String resourceType,
      UUID resourceId,
      String projectId,
      Map<String, Object> request,
      String idempotencyKey,
      Instant now) {
    try {
      return new OperationRow(
          operationId,
          type,
          resourceType,
          resourceId,
          projectId,
          projectId,
          json.writeValueAsString(request),
          OperationState.PENDING,
          null,
          null,
          idempotencyKey,
          false,
          now,
          now);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot record the request", e);
    }
  }
}
