package org.opentrove.temporal;

/** Failure types that retrying cannot fix: invalid input and definite business refusals. */
public final class NonRetryable {
  public static final String INVALID_REQUEST = "InvalidRequest";
  public static final String GUEST_PREPARE_FAILED = "GuestPrepareFailed";
  public static final String GUEST_TIMEOUT = "GuestTimeout";
  public static final String SERVER_STOPPED = "ServerStopped";
  public static final String NO_CAPACITY = "ComputeCapacityExceeded";
  public static final String INSTANCE_BUSY = "InstanceBusy";
  public static final String BACKUP_FAILED = "BackupFailed";

  static final String[] TYPES = {INVALID_REQUEST, GUEST_PREPARE_FAILED, NO_CAPACITY};

  private NonRetryable() {}
}
