package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Trove's admin {@code migrate}: the datastore stops, the server moves to another compute host and
 * the move is confirmed, the datastore starts again, and the instance is handed back once a
 * heartbeat sent after the start reports it healthy.
 */
@WorkflowInterface
public interface MigrateInstanceWorkflow {
  @WorkflowMethod
  void migrate(MigrateInstanceRequest request);
}
