package org.opentrove.temporal.api;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Creates an instance: queue, volume, server, guest prepare, then waits for the guest to report the
 * datastore healthy. A saga: a failure compensates every completed step and leaves the instance in
 * ERROR with a fault.
 */
@WorkflowInterface
public interface CreateInstanceWorkflow {
  @WorkflowMethod
  CreateInstanceResult create(CreateInstanceRequest request);

  /** Sent by the conductor when the guest reports a new service status. */
  @SignalMethod
  void guestStatus(GuestStatus status);
}
