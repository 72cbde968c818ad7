package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Trove's cluster delete (see {@code OperationType.CLUSTER_DELETE}). */
@WorkflowInterface
public interface DeleteClusterWorkflow {
  @WorkflowMethod
  void delete(DeleteClusterRequest request);
}
