package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Trove's cluster grow (see {@code OperationType.CLUSTER_GROW}). */
@WorkflowInterface
public interface GrowClusterWorkflow {
  @WorkflowMethod
  void grow(GrowClusterRequest request);
}
