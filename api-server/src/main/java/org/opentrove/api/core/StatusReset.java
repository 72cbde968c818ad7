package org.opentrove.api.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.model.OperationType;
import org.opentrove.store.BackupDao;
import org.opentrove.store.BackupRow;
import org.opentrove.store.FaultDao;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.InstanceRow;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;
import org.opentrove.store.OperationState;
import org.opentrove.store.ServiceStatusDao;
import org.opentrove.temporal.WorkflowIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trove's admin {@code reset_status} and management {@code reset-task-status}: the instance's
 * current task is declared dead. Its open operations are marked CANCELLED and their workflows
 * terminated (without compensation: a delete afterwards removes whatever they left), its running
 * backups fail, and the task is cleared. A status reset also shows the guest as failed until its
 * next heartbeat. The reset itself is recorded as a SUCCEEDED operation.
 */
public class StatusReset {
  private static final Logger LOG = LoggerFactory.getLogger(StatusReset.class);

  private final Jdbi jdbi;
  private final WorkflowClient workflows;
  private final ObjectMapper json;
  private final Clock clock;

  public StatusReset(Jdbi jdbi, WorkflowClient workflows, ObjectMapper json, Clock clock) {
    this.jdbi = jdbi;
    this.workflows = workflows;
    this.json = json;
    this.clock = clock;
  }

  /** What a reset declares: the task only, or the guest's status as well. */
  public enum Scope {
    TASK(OperationType.INSTANCE_RESET_TASK, "reset-task-status", "Task"),
    STATUS(OperationType.INSTANCE_RESET_STATUS, "reset_status", "Status");

    private final OperationType type;
    private final String action;
    private final String noun;

    Scope(OperationType type, String action, String noun) {
      this.type = type;
      this.action = action;
      this.noun = noun;
    }
  }

  /**
   * Resets the instance (found by the caller) as far as the scope says; answers the id of the
   * operation that records it.
   */
  public String reset(InstanceRow instance, Scope scope) {
    UUID instanceId = instance.id();
    String projectId = instance.projectId();
    Instant now = clock.instant();
    String operationId = WorkflowIds.newRepeatable(scope.type, instanceId);
    List<OperationRow> open =
        jdbi.withExtension(OperationDao.class, dao -> dao.listOpen(instanceId));
    open.forEach(operation -> terminate(operation.id(), operationId, scope));
    // Backup operations belong to their backup, not the instance: end the running ones too.
    List<BackupRow> backups =
        jdbi.withExtension(BackupDao.class, dao -> dao.listRunning(instanceId));
    backups.forEach(b -> terminate(WorkflowIds.backupCreate(b.id()), operationId, scope));
    String reason = scope.noun + " reset by an administrator (operation " + operationId + ")";
    jdbi.useTransaction(
        h -> {
          OperationDao operations = h.attach(OperationDao.class);
          for (OperationRow operation : open) {
            operations.finish(
                operation.id(), OperationState.CANCELLED, "terminated by " + operationId, now);
          }
          for (BackupRow backup : backups) {
            h.attach(BackupDao.class)
                .fail(backup.id(), reason + "; delete the backup to remove what it wrote", now);
            operations.finish(
                WorkflowIds.backupCreate(backup.id()),
                OperationState.CANCELLED,
                "terminated by " + operationId,
                now);
          }
          operations.insert(record(operationId, scope, projectId, instanceId, now), null);
          h.attach(InstanceDao.class).resetTask(instanceId, now);
          if (scope == Scope.STATUS) {
            h.attach(ServiceStatusDao.class).markFailed(instanceId, reason, now);
            h.attach(FaultDao.class).record(instanceId, reason, reason, now);
          }
        });
    LOG.info(
        "{}: {} open operation(s) and {} backup(s) terminated",
        operationId,
        open.size(),
        backups.size());
    return operationId;
  }

  private void terminate(String workflowId, String resetOperationId, Scope scope) {
    try {
      workflows
          .newUntypedWorkflowStub(workflowId)
          .terminate(scope.action + ": " + resetOperationId);
    } catch (WorkflowNotFoundException e) {
      LOG.debug("{} has no running workflow", workflowId);
    }
  }

  private OperationRow record(
      String operationId, Scope scope, String projectId, UUID instanceId, Instant now) {
    return OperationRows.done(
        json,
        operationId,
        scope.type,
        instanceId,
        projectId,
        "admin",
        Map.of(scope.action, Map.of()),
        now);
  }
}
