package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Stops the datastore, removes server, volume and guest queue, then marks the instance deleted. */
@WorkflowInterface
public interface DeleteInstanceWorkflow {
  @WorkflowMethod
  void delete(DeleteInstanceRequest request);
}
