package org.opentrove.temporal.api;

import java.time.Instant;
import java.util.UUID;

/**
 * A workflow request that may wait for its time (apply_at): the operation is SCHEDULED and holds no
 * instance task until then.
 */
public interface Scheduled {
  String operationId();

  UUID instanceId();

  /** When to run, or null to run at once. */
  Instant runAt();
}
