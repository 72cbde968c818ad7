package org.opentrove.workflows;

import org.opentrove.temporal.activities.store.InstanceStoreActivities;

/** An operation's current step, recorded as the workflow enters each one (the API shows it). */
public final class StepLog {
  private final InstanceStoreActivities store;
  private final String operationId;
  private String current;

  public StepLog(InstanceStoreActivities store, String operationId) {
    this.store = store;
    this.operationId = operationId;
  }

  public void enter(String step) {
    current = step;
    store.recordStep(operationId, step);
  }

  /** The step the operation is in, or null before the first. */
  public String current() {
    return current;
  }
}
