package org.opentrove.temporal.activities.store;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.UUID;
import org.opentrove.contract.BackupUpdate;

/** Backup records and the instance's BACKUP task, as backup workflows change them. */
@ActivityInterface
public interface BackupStoreActivities {
  /**
   * The backup NEW -> BUILDING, while the instance is still held for it (the API took the task
   * BACKING_UP with the backup's row). False, and nothing changed, when the backup or the instance
   * was reset before it started; true again for a backup already running (a replayed start).
   */
  @ActivityMethod(name = "StartBackup")
  boolean startBackup(UUID backupId, UUID instanceId);

  /** What the conductor applied for the backup: its final report, or null while it runs. */
  @ActivityMethod(name = "ReadBackupOutcome")
  BackupUpdate outcome(UUID backupId);

  /** The backup COMPLETED with its size, checksum and metadata; instance and operation done. */
  @ActivityMethod(name = "CompleteBackup")
  void completeBackup(UUID backupId, UUID instanceId, String operationId, BackupUpdate result);

  /**
   * The backup FAILED with why; the operation FAILED at step; the instance back to no task when
   * this backup {@code heldTheInstance} (a backup that never started must not release another's).
   */
  @ActivityMethod(name = "FailBackup")
  void failBackup(
      UUID backupId,
      UUID instanceId,
      String operationId,
      String step,
      String message,
      boolean heldTheInstance);

  /**
   * A replica's snapshot of its source NEW -> BUILDING (its source keeps its task: a snapshot is
   * part of the replica's create). False when it was removed or had ended.
   */
  @ActivityMethod(name = "StartSnapshot")
  boolean startSnapshot(UUID backupId);

  /** A replica's snapshot gone from the API (its objects removed first). */
  @ActivityMethod(name = "RemoveSnapshot")
  void removeSnapshot(UUID backupId);

  /** The backups are gone from the API; the operation SUCCEEDED. */
  @ActivityMethod(name = "CompleteBackupDelete")
  void completeDelete(List<UUID> backupIds, String operationId);

  /** The backups are DELETE_FAILED with why; the operation FAILED at step. */
  @ActivityMethod(name = "FailBackupDelete")
  void failDelete(List<UUID> backupIds, String operationId, String step, String message);
}
