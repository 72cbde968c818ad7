package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Trove's {@code promote_to_replica_source}: a planned switchover with no write lost. */
@WorkflowInterface
public interface PromoteReplicaWorkflow {
  @WorkflowMethod
  void promote(PromoteReplicaRequest request);
}
