package org.opentrove.store;

/** What the control plane is doing to an instance; the instance's task lock. */
public enum InstanceTask {
  NONE(false),
  BUILDING(false),
  DELETING(false),
  BACKING_UP(false),
  BUILD_FAILED(true),
  DELETE_FAILED(true);

  private final boolean error;

  InstanceTask(boolean error) {
    this.error = error;
  }

  public boolean isError() {
    return error;
  }
}
