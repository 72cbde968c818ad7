package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Trove's {@code resize} of a flavor: the datastore stops, the server takes the new flavor's
 * limits, the datastore starts with memory settings sized from it, and the instance shows the new
 * flavor once a healthy heartbeat says it runs. Otherwise it is reverted to the old flavor.
 */
@WorkflowInterface
public interface ResizeFlavorWorkflow {
  @WorkflowMethod
  void resize(ResizeFlavorRequest request);
}
