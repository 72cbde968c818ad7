package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Trove's cluster rolling restart (see {@code OperationType.CLUSTER_RESTART}). */
@WorkflowInterface
public interface RestartClusterWorkflow {
  @WorkflowMethod
  void restart(RestartClusterRequest request);
}
