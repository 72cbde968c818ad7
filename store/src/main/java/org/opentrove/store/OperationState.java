package org.opentrove.store;

public enum OperationState {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED
}
