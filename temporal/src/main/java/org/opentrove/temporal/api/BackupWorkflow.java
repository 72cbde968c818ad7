package org.opentrove.temporal.api;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.opentrove.contract.BackupUpdate;

/**
 * Takes a backup: the instance shows BACKUP, its guest streams the backup to the object store and
 * reports through the conductor; COMPLETED or FAILED (with nothing left in the store), and the
 * instance is ACTIVE again either way.
 */
@WorkflowInterface
public interface BackupWorkflow {
  @WorkflowMethod
  void backup(CreateBackupRequest request);

  /** Sent by the conductor when the guest reports the backup finished (completed or failed). */
  @SignalMethod
  void reported(BackupUpdate update);
}
