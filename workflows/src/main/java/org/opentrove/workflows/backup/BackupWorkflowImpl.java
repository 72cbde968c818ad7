package org.opentrove.workflows.backup;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.opentrove.contract.BackupArgs;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.contract.RequestContext;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.NonRetryable;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.objects.ObjectStoreActivities;
import org.opentrove.temporal.activities.store.BackupStoreActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.BackupWorkflow;
import org.opentrove.temporal.api.CreateBackupRequest;
import org.opentrove.workflows.Failures;
import org.opentrove.workflows.StepLog;
import org.opentrove.workflows.saga.Compensations;

/**
 * A backup: takes the instance's task (it shows BACKUP), has the guest stream the backup, and waits
 * for the guest's final report (signalled by the conductor, or read from the record it applied). A
 * guest that dies or reports failure leaves a FAILED backup with its reason and no object behind;
 * the instance gets its task back either way.
 */
public class BackupWorkflowImpl implements BackupWorkflow {
  private final GuestActivities guest = Workflow.newActivityStub(GuestActivities.class);
  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);
  private final ObjectStoreActivities objects =
      Workflow.newActivityStub(ObjectStoreActivities.class);
  private final BackupStoreActivities backups =
      Workflow.newLocalActivityStub(BackupStoreActivities.class);
  private final InstanceStoreActivities steps =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);
  private static final Duration MAX_CHECK = Duration.ofMinutes(1);

  private final BackupWait wait;

  private BackupUpdate outcome;

  public BackupWorkflowImpl() {
    this(BackupWait.DEFAULT);
  }

  public BackupWorkflowImpl(BackupWait wait) {
    this.wait = wait;
  }

  @Override
  public void backup(CreateBackupRequest request) {
    String instanceId = request.instanceId().toString();
    boolean started = false;
    StepLog log = new StepLog(steps, request.operationId());
    try {
      log.enter(OperationSteps.START_BACKUP);
      started = backups.startBackup(request.backupId(), request.instanceId());
      if (!started) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the instance is busy with another task", NonRetryable.INSTANCE_BUSY);
      }
      log.enter(OperationSteps.STREAM_BACKUP);
      guest.createBackup(
          instanceId,
          new RequestContext(
              request.requestId(),
              request.projectId(),
              request.operationId(),
              OperationSteps.STREAM_BACKUP),
          new BackupArgs(request.backupId().toString(), request.location(), request.parent()));
      log.enter(OperationSteps.WAIT_FOR_BACKUP);
      BackupUpdate result = awaitOutcome(request);
      if (!BackupUpdate.COMPLETED.equals(result.state())) {
        throw ApplicationFailure.newNonRetryableFailure(
            result.message() == null ? "the guest reported the backup failed" : result.message(),
            NonRetryable.BACKUP_FAILED);
      }
      backups.completeBackup(
          request.backupId(), request.instanceId(), request.operationId(), result);
    } catch (TemporalFailure failure) {
      String failedStep = log.current();
      boolean removeObjects = started;
      Compensations undo = new Compensations();
      if (removeObjects) {
        undo.add(
            OperationSteps.DELETE_BACKUP_OBJECTS,
            () -> objects.deleteBackupObjects(request.location()));
      }
      List<String> failedUndos = undo.run();
      Failures.recordOutcome(
          () ->
              backups.failBackup(
                  request.backupId(),
                  request.instanceId(),
                  request.operationId(),
                  failedStep,
                  Compensations.describe(Failures.causeOf(failure), failedUndos),
                  removeObjects));
      throw failure;
    }
  }

  @Override
  public void reported(BackupUpdate update) {
    if (!BackupUpdate.SAVING.equals(update.state())) {
      outcome = update;
    }
  }

  /**
   * The checks start at {@code livenessCheck} and back off to {@link #MAX_CHECK}: a day-long backup
   * then writes a few thousand history events, well inside Temporal's limit.
   */
  private BackupUpdate awaitOutcome(CreateBackupRequest request) {
    long deadline = Workflow.currentTimeMillis() + wait.timeout().toMillis();
    Duration check = wait.livenessCheck();
    while (Workflow.currentTimeMillis() < deadline) {
      Duration left = Duration.ofMillis(deadline - Workflow.currentTimeMillis());
      boolean reported = Workflow.await(min(check, left), () -> outcome != null);
      check = min(check.multipliedBy(2), max(MAX_CHECK, wait.livenessCheck()));
      if (reported) {
        return outcome;
      }
      // A signal lost with a conductor: the record it applied is authoritative.
      BackupUpdate stored = backups.outcome(request.backupId());
      if (stored != null) {
        return stored;
      }
      String instanceId = request.instanceId().toString();
      if (!compute.serverIsRunning(instanceId)) {
        // The backup is lost with its guest; the instance must not be: bring the guest back.
        compute.restartServer(instanceId);
        throw ApplicationFailure.newNonRetryableFailure(
            "the instance's guest stopped while the backup was streaming; it was restarted",
            NonRetryable.SERVER_STOPPED);
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "the backup did not finish within " + wait.timeout(), NonRetryable.BACKUP_FAILED);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
