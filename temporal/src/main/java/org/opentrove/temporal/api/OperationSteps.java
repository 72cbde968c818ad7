package org.opentrove.temporal.api;

import java.util.List;
import java.util.Map;
import org.opentrove.temporal.WorkflowIds;

/**
 * The steps each operation type goes through, in order: workflows enter them, the API shows them.
 */
public final class OperationSteps {
  public static final String CREATE_QUEUE_AND_VOLUME = "create-queue-and-volume";
  public static final String CREATE_SERVER = "create-server";
  public static final String PREPARE_GUEST = "prepare-guest";
  public static final String WAIT_FOR_GUEST = "wait-for-guest";

  public static final String STOP_DATASTORE = "stop-datastore";
  public static final String DELETE_SERVER = "delete-server";
  public static final String DELETE_VOLUME = "delete-volume";
  public static final String DELETE_GUEST_QUEUE = "delete-guest-queue";

  public static final String START_BACKUP = "start-backup";
  public static final String STREAM_BACKUP = "stream-backup";
  public static final String WAIT_FOR_BACKUP = "wait-for-backup";

  public static final String DELETE_BACKUP_OBJECTS = "delete-backup-objects";

  private static final Map<String, List<String>> BY_TYPE =
      Map.of(
          WorkflowIds.INSTANCE_CREATE,
          List.of(CREATE_QUEUE_AND_VOLUME, CREATE_SERVER, PREPARE_GUEST, WAIT_FOR_GUEST),
          WorkflowIds.INSTANCE_DELETE,
          List.of(STOP_DATASTORE, DELETE_SERVER, DELETE_VOLUME, DELETE_GUEST_QUEUE),
          WorkflowIds.BACKUP_CREATE,
          List.of(START_BACKUP, STREAM_BACKUP, WAIT_FOR_BACKUP),
          WorkflowIds.BACKUP_DELETE,
          List.of(DELETE_BACKUP_OBJECTS));

  private OperationSteps() {}

  /** The steps of an operation type, empty for an unknown type. */
  public static List<String> of(String type) {
    return BY_TYPE.getOrDefault(type, List.of());
  }
}
