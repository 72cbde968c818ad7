package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Trove's {@code eject_replica_source}: a failover from a source that stopped answering, which is
 * fenced before anything is promoted.
 */
@WorkflowInterface
public interface EjectSourceWorkflow {
  @WorkflowMethod
  void eject(EjectSourceRequest request);
}
