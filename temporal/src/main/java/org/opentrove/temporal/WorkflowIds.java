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

  private WorkflowIds() {}

  public static String instanceCreate(UUID instanceId) {
    return INSTANCE_CREATE + "/" + instanceId;
  }

  public static String instanceDelete(UUID instanceId) {
    return INSTANCE_DELETE + "/" + instanceId;
  }

  /** The operation type of a workflow id: the part before the first slash. */
  public static String typeOf(String workflowId) {
    int slash = workflowId.indexOf('/');
    return slash < 0 ? workflowId : workflowId.substring(0, slash);
  }
}
