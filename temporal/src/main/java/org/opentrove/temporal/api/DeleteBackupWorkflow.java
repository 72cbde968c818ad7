package org.opentrove.temporal.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Deletes backups' objects, then their records; DELETE_FAILED when the store refuses. */
@WorkflowInterface
public interface DeleteBackupWorkflow {
  @WorkflowMethod
  void delete(DeleteBackupRequest request);
}
