package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A fenced former source rejoining its set as a replica of the set's source (beyond Trove). */
@WorkflowInterface
public interface RejoinSetWorkflow {
  @WorkflowMethod
  void rejoin(RejoinSetRequest request);
}
