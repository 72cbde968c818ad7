package org.opentrove.temporal;

/** The one place task queue names are defined. */
public final class TaskQueues {
  /** Instance lifecycle workflows and their activities. */
  public static final String INSTANCES = "trove-instances";

  private TaskQueues() {}
}
