package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Trove's {@code restart}: the guest restarts the datastore (not the server), and the instance is
 * handed back once a heartbeat sent after the restart reports it healthy.
 */
@WorkflowInterface
public interface RestartInstanceWorkflow {
  @WorkflowMethod
  void restart(RestartInstanceRequest request);
}
