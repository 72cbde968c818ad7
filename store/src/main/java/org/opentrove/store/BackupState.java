package org.opentrove.store;

/** Trove's backup states; a backup only moves forward through them. */
public enum BackupState {
  NEW,
  BUILDING,
  SAVING,
  COMPLETED,
  FAILED,
  DELETE_FAILED;

  public boolean isFinal() {
    return this == COMPLETED || this == FAILED;
  }
}
