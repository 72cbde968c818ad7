package org.opentrove.model;

/**
 * What the control plane is doing to an instance: the instance's task lock. Each running task is
 * held by one {@link OperationType} (RESIZING by both resizes, RESTARTING by restart and reboot, as
 * in Trove); the error tasks are what a failed create or delete leaves behind.
 */
public enum InstanceTask {
  NONE(false),
  BUILDING(false),
  DELETING(false),
  BACKING_UP(false),
  RESTARTING(false),
  RESIZING(false),
  DETACHING(false),
  PROMOTING(false),
  EJECTING(false),
  REJOINING(false),
  MIGRATING(false),
  BUILD_FAILED(true),
  DELETE_FAILED(true);

  private final boolean error;

  InstanceTask(boolean error) {
    this.error = error;
  }

  public boolean isError() {
    return error;
  }

  /** Whether an operation holds the instance right now (it is busy). */
  public boolean isRunning() {
    return this != NONE && !error;
  }
}
