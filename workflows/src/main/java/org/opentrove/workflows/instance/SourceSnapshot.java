package org.opentrove.workflows.instance;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.UUID;
import org.opentrove.contract.BackupArgs;
import org.opentrove.contract.BackupPiece;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.contract.RequestContext;
import org.opentrove.temporal.NonRetryable;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.objects.ObjectStoreActivities;
import org.opentrove.temporal.activities.store.BackupStoreActivities;

/**
 * A backup of a replica's source, taken for the replica to start from (as Trove does for engines
 * that cannot copy over the replication connection): the source's guest streams it like any backup
 * and the conductor records its outcome, which this reads back. The source keeps serving and keeps
 * its task. Removed once the replica runs, or by the undo of the create or rejoin that took it.
 */
public final class SourceSnapshot {
  private static final Duration FIRST_CHECK = Duration.ofMillis(500);

  /** A day-long snapshot then writes a few thousand history events, well inside the limit. */
  private static final Duration MAX_CHECK = Duration.ofMinutes(1);

  private static final Duration LIVENESS_CHECK = Duration.ofSeconds(10);
  private static final Duration TIMEOUT = Duration.ofHours(24);

  private final GuestActivities guest = Workflow.newActivityStub(GuestActivities.class);
  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);
  private final ObjectStoreActivities objects =
      Workflow.newActivityStub(ObjectStoreActivities.class);
  private final BackupStoreActivities backups =
      Workflow.newLocalActivityStub(BackupStoreActivities.class);

  static String location(UUID snapshotId) {
    return snapshotId + "/";
  }

  /** Streams the backup and waits for its outcome; answers it as the replica's restore chain. */
  public BackupPiece take(String sourceId, UUID snapshotId, RequestContext context) {
    if (!backups.startSnapshot(snapshotId)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the snapshot of the source was removed before it started", NonRetryable.BACKUP_FAILED);
    }
    String location = location(snapshotId);
    guest.createBackup(sourceId, context, new BackupArgs(snapshotId.toString(), location, null));
    BackupUpdate outcome = awaitOutcome(sourceId, snapshotId);
    if (!BackupUpdate.COMPLETED.equals(outcome.state())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the snapshot of the source failed: " + outcome.message(), NonRetryable.BACKUP_FAILED);
    }
    return new BackupPiece(snapshotId.toString(), location, outcome.metadata());
  }

  public void remove(UUID snapshotId) {
    objects.deleteBackupObjects(location(snapshotId));
    backups.removeSnapshot(snapshotId);
  }

  /**
   * Removes it once the instance that needed it runs: a failure here must not undo that instance,
   * so it is logged and the snapshot is left listed (the tenant's backup delete removes it).
   */
  public void removeLeavingNote(UUID snapshotId) {
    try {
      remove(snapshotId);
    } catch (ActivityFailure e) {
      Workflow.getLogger(SourceSnapshot.class)
          .warn("snapshot {} stays: {}", snapshotId, e.getCause() == null ? e : e.getCause());
    }
  }

  private BackupUpdate awaitOutcome(String sourceId, UUID snapshotId) {
    long started = Workflow.currentTimeMillis();
    long lastLivenessCheck = started;
    Duration check = FIRST_CHECK;
    while (Workflow.currentTimeMillis() - started < TIMEOUT.toMillis()) {
      Workflow.sleep(check);
      check = check.multipliedBy(2).compareTo(MAX_CHECK) > 0 ? MAX_CHECK : check.multipliedBy(2);
      BackupUpdate outcome = backups.outcome(snapshotId);
      if (outcome != null) {
        return outcome;
      }
      if (Workflow.currentTimeMillis() - lastLivenessCheck >= LIVENESS_CHECK.toMillis()) {
        lastLivenessCheck = Workflow.currentTimeMillis();
        if (!compute.serverIsRunning(sourceId)) {
          throw ApplicationFailure.newNonRetryableFailure(
              "the source's server stopped while its snapshot was streaming",
              NonRetryable.SERVER_STOPPED);
        }
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "the snapshot of the source did not finish within " + TIMEOUT, NonRetryable.BACKUP_FAILED);
  }
}
