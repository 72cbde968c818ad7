package org.opentrove.temporal;

import java.util.UUID;

/**
 * The one place workflow ids are built. They are readable in Temporal's UI and double as operation
 * ids: {@code instance-create/<instance uuid>}. An instance is created and deleted at most once, so
 * those two are keyed by the instance itself; starting one twice is a no-op.
 */
public final class WorkflowIds {
  public static final String INSTANCE_CREATE = "instance-create";
  public static final String INSTANCE_DELETE = "instance-delete";

  /** Not a workflow: an administrator's status reset, recorded as an operation when it is done. */
  public static final String INSTANCE_RESET_STATUS = "instance-reset-status";

  public static final String BACKUP_CREATE = "backup-create";
  public static final String BACKUP_DELETE = "backup-delete";

  private WorkflowIds() {}

  /** A backup is taken once and deleted once: both are keyed by the backup. */
  public static String backupCreate(UUID backupId) {
    return BACKUP_CREATE + "/" + backupId;
  }

  public static String backupDelete(UUID backupId) {
    return BACKUP_DELETE + "/" + backupId;
  }

  public static String instanceCreate(UUID instanceId) {
    return INSTANCE_CREATE + "/" + instanceId;
  }

  public static String instanceDelete(UUID instanceId) {
    return INSTANCE_DELETE + "/" + instanceId;
  }

  /** An instance's status may be reset many times: each reset is named by when it happened. */
  public static String instanceResetStatus(UUID instanceId, long epochMillis) {
    return INSTANCE_RESET_STATUS + "/" + instanceId + "/" + epochMillis;
  }

  /** The operation type of a workflow id: the part before the first slash. */
  public static String typeOf(String workflowId) {
    int slash = workflowId.indexOf('/');
    return slash < 0 ? workflowId : workflowId.substring(0, slash);
  }
}
