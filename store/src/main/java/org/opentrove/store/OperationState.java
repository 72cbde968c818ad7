package org.opentrove.store;

public enum OperationState {
  /** Asked for at a later time ({@code scheduled_for}); holds nothing until then. */
  SCHEDULED,
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED
}
