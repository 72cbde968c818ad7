package org.opentrove.contract;

import com.fasterxml.jackson.databind.JsonNode;

/** The answer to a call: a result, or an error with a stable type and a message safe to show. */
public record Reply(JsonNode result, String errorType, String errorMessage) {

  public static Reply ok(Object result) {
    return new Reply(Wire.tree(result), null, null);
  }

  public static Reply error(String type, String message) {
    return new Reply(null, type, message);
  }

  public boolean isError() {
    return errorType != null;
  }
}
