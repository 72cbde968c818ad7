package org.opentrove.contract;

import com.fasterxml.jackson.databind.JsonNode;

/** The answer to a call: a result, or an error with a stable type and a message safe to show. */
public record Reply(JsonNode result, String errorType, String errorMessage) {

  public static Reply ok(Object result) {
    return new Reply(Wire.tree(result), null, null);
  }

  public static Reply error(GuestErrorType type, String message) {
    return new Reply(null, type.wireName(), message);
  }

  /** The error's type; {@link GuestErrorType#UNKNOWN} for a name this version does not know. */
  public GuestErrorType errorKind() {
    return GuestErrorType.fromWire(errorType);
  }

  public boolean isError() {
    return errorType != null;
  }
}
