package org.opentrove.temporal;

import java.util.UUID;
import org.opentrove.model.OperationType;

/**
 * The one place workflow ids are built, following each {@link OperationType}'s id scheme. They are
 * readable in Temporal's UI and double as operation ids: {@code instance-create/<instance uuid>}.
 * An instance is created and deleted at most once, so those are keyed by the instance itself and
 * starting one twice is a no-op; a restart can happen any number of times, so each has its own.
 */
public final class WorkflowIds {
  private WorkflowIds() {}

  public static String backupCreate(UUID backupId) {
    return OperationType.BACKUP_CREATE.idOf(backupId);
  }

  public static String backupDelete(UUID backupId) {
    return OperationType.BACKUP_DELETE.idOf(backupId);
  }

  public static String instanceCreate(UUID instanceId) {
    return OperationType.INSTANCE_CREATE.idOf(instanceId);
  }

  public static String instanceDelete(UUID instanceId) {
    return OperationType.INSTANCE_DELETE.idOf(instanceId);
  }

  /** A new id for a repeatable operation ({@code restart}, {@code reset_status}, ...). */
  public static String newRepeatable(OperationType type, UUID instanceId) {
    return type.newId(instanceId);
  }

  /** The operation type's code of a workflow id: the part before the first slash. */
  public static String typeOf(String workflowId) {
    return OperationType.codeOf(workflowId);
  }
}
