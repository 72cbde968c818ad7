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
  /** The broker user the tests publish as; the conductor trusts it as the control plane's. */
  static final String CONTROL_PLANE_USER = org.opentrove.contract.Amqp.userOf(ConductorTest.URI);

  /** Properties of a message the broker validated as sent by {@link #CONTROL_PLANE_USER}. */
  static final com.rabbitmq.client.AMQP.BasicProperties FROM_CONTROL_PLANE =
      new com.rabbitmq.client.AMQP.BasicProperties.Builder().userId(CONTROL_PLANE_USER).build();

  private GuestMessages() {}

  static GuestReportDecoder decoder() {
    return new GuestReportDecoder(new SenderCheck(CONTROL_PLANE_USER));
  }

  /** A delivery as the conductor takes it from the broker, sent by the control plane's user. */
  static Delivery delivery(long tag, byte[] body) {
    return new Delivery(tag, body, CONTROL_PLANE_USER);
  }

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
