package org.opentrove.conductor;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.Wire;

/** Message bodies as guests send them, or as a broken or newer guest might. */
final class GuestMessages {
  private GuestMessages() {}

  static byte[] heartbeat(UUID instance, String status, String message, double sent) {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("instance_id", instance.toString());
    args.put("service_status", status);
    if (message != null) {
      args.put("message", message);
    }
    return envelope(ConductorMethods.HEARTBEAT, args, sent);
  }

  static byte[] withoutArgs(String method) {
    return envelope(method, null, 100.0);
  }

  static byte[] notJson() {
    return "not json at all".getBytes(StandardCharsets.UTF_8);
  }

  /** A poison message about {@code instance}, sent at 100.0. */
  enum Poison {
    NOT_JSON,
    MISSING_ARGS,
    NUL_IN_A_STRING;

    byte[] body(UUID instance) {
      return switch (this) {
        case NOT_JSON -> notJson();
        case MISSING_ARGS -> withoutArgs(ConductorMethods.HEARTBEAT);
        case NUL_IN_A_STRING -> heartbeat(instance, "FAILED", "broken\u0000message", 100.0);
      };
    }
  }

  private static byte[] envelope(String method, Map<String, Object> args, double sent) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("method", method);
    if (args != null) {
      envelope.put("args", args);
    }
    envelope.put("version", Envelope.VERSION);
    envelope.put("sent", sent);
    return Wire.encode(envelope);
  }
}
