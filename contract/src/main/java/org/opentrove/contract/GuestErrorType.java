package org.opentrove.contract;

import java.util.Arrays;

/**
 * The stable error types a guest answers a call with (and the API's own reading of an answer),
 * shared by the guest that raises them and the control plane that maps them to Trove's codes. On
 * the wire each travels as its {@link #wireName()}; a name this version does not know (a newer
 * guest) reads as {@link #UNKNOWN}.
 */
public enum GuestErrorType {
  NOT_FOUND("NotFound"),
  ALREADY_EXISTS("AlreadyExists"),
  INVALID_ARGUMENTS("InvalidArguments"),
  NOT_READY("NotReady"),
  NOT_PREPARED("NotPrepared"),
  PREPARE_FAILED("PrepareFailed"),
  RESTART_FAILED("RestartFailed"),
  STOP_FAILED("StopFailed"),
  CORRUPT_STATE("CorruptState"),
  DATASTORE_ERROR("DatastoreError"),
  UNKNOWN_METHOD("UnknownMethod"),
  MALFORMED_MESSAGE("MalformedMessage"),
  GUEST_ERROR("GuestError"),
  /** Raised by the caller: the guest's answer could not be read. */
  UNREADABLE_REPLY("UnreadableReply"),
  /** A type this version does not know. */
  UNKNOWN("Unknown");

  private final String wireName;

  GuestErrorType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static GuestErrorType fromWire(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst().orElse(UNKNOWN);
  }
}
