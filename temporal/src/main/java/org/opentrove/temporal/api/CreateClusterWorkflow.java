package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Trove's cluster create (see {@code OperationType.CLUSTER_CREATE}). */
@WorkflowInterface
public interface CreateClusterWorkflow {
  @WorkflowMethod
  void create(CreateClusterRequest request);
}
