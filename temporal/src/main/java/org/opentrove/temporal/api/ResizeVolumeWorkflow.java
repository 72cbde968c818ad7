package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Trove's {@code resize} of a volume: the volume and its filesystem grow while the datastore runs,
 * then the instance records the new size.
 */
@WorkflowInterface
public interface ResizeVolumeWorkflow {
  @WorkflowMethod
  void resize(ResizeVolumeRequest request);
}
