package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Trove's admin {@code reboot}: the server restarts (its guest stops the datastore, the guest and,
 * on docker, the container stop and start again), and the instance is handed back once a heartbeat
 * sent after the reboot reports the datastore healthy.
 */
@WorkflowInterface
public interface RebootInstanceWorkflow {
  @WorkflowMethod
  void reboot(RebootInstanceRequest request);
}
