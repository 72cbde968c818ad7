package org.opentrove.contract;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;

/**
 * The exchange and queue names every process agrees on. Guest queues are durable so that a command
 * sent to a guest that is still booting waits for it, as in Trove.
 */
public record Topology(String exchange, String conductorQueue) {

  public static final Topology DEFAULT = new Topology("trove", "trove-conductor");
  private static final String GUEST_QUEUE_PREFIX = "guestagent.";

  /**
   * Header of a call: epoch millis after which the caller has given up. A guest that finds a call
   * past its deadline (it was down when the call was sent) drops it instead of applying it late.
   */
  public static final String DEADLINE_HEADER = "x-deadline";

  /**
   * Where the conductor puts a message it cannot decode or apply, body unchanged, so one bad
   * message does not hold up the others and an operator can read it or move it back.
   */
  public String conductorDeadLetterQueue() {
    return conductorQueue + ".dead";
  }

  public String guestQueue(String instanceId) {
    return GUEST_QUEUE_PREFIX + instanceId;
  }

  public void declareExchange(Channel channel) throws IOException {
    channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
  }

  public void declareGuestQueue(Channel channel, String instanceId) throws IOException {
    declareExchange(channel);
    String queue = guestQueue(instanceId);
    channel.queueDeclare(queue, true, false, false, null);
    channel.queueBind(queue, exchange, queue);
  }

  public void declareConductorQueue(Channel channel) throws IOException {
    declareExchange(channel);
    channel.queueDeclare(conductorQueue, true, false, false, null);
    channel.queueBind(conductorQueue, exchange, conductorQueue);
  }

  /** Durable, reached through the default exchange (no binding to keep in step). */
  public void declareConductorDeadLetterQueue(Channel channel) throws IOException {
    channel.queueDeclare(conductorDeadLetterQueue(), true, false, false, null);
  }
}
