package org.opentrove.workflows.backup;

import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.activities.objects.ObjectStoreActivities;
import org.opentrove.temporal.activities.store.BackupStoreActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.DeleteBackupRequest;
import org.opentrove.temporal.api.DeleteBackupWorkflow;
import org.opentrove.workflows.Failures;

/** Removes backups' objects (children first), then their records. Idempotent throughout. */
public class DeleteBackupWorkflowImpl implements DeleteBackupWorkflow {
  private final ObjectStoreActivities objects =
      Workflow.newActivityStub(ObjectStoreActivities.class);
  private final BackupStoreActivities backups =
      Workflow.newLocalActivityStub(BackupStoreActivities.class);
  private final InstanceStoreActivities steps =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);

  @Override
  public void delete(DeleteBackupRequest request) {
    try {
      steps.recordStep(request.operationId(), OperationSteps.DELETE_BACKUP_OBJECTS);
      for (String location : request.locations()) {
        objects.deleteBackupObjects(location);
      }
      backups.completeDelete(request.backupIds(), request.operationId());
    } catch (TemporalFailure failure) {
      Failures.recordOutcome(
          () ->
              backups.failDelete(
                  request.backupIds(),
                  request.operationId(),
                  OperationSteps.DELETE_BACKUP_OBJECTS,
                  Failures.causeOf(failure)));
      throw failure;
    }
  }
}
