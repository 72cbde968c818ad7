package org.opentrove.contract;

/** Messages guests send to the conductor; names match Trove's conductor API. */
public final class ConductorMethods {
  public static final String HEARTBEAT = "heartbeat";

  /** A backup's progress and result ({@link BackupUpdate}). */
  public static final String UPDATE_BACKUP = "update_backup";

  private ConductorMethods() {}
}
