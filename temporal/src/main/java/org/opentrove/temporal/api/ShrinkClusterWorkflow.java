package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Trove's cluster shrink (see {@code OperationType.CLUSTER_SHRINK}). */
@WorkflowInterface
public interface ShrinkClusterWorkflow {
  @WorkflowMethod
  void shrink(ShrinkClusterRequest request);
}
