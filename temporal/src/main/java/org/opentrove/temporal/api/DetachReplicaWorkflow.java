package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Trove's detach: the replica stops following its source and takes writes, is recorded as
 * standalone, and its account, slot and network path on the source are removed.
 */
@WorkflowInterface
public interface DetachReplicaWorkflow {
  @WorkflowMethod
  void detach(DetachReplicaRequest request);
}
