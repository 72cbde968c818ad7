package org.opentrove.contract;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * The exchange and queue names every process agrees on. Guest queues are durable so that a command
 * sent to a guest that is still booting waits for it, as in Trove.
 *
 * <p>Guests publish only to two direct exchanges of their own: {@link #conductorExchange()} (bound
 * to the conductor queue alone) and {@link #replyExchange()} (bound to the control plane's reply
 * queues alone). Writing to the main exchange or to the default exchange would let a guest reach
 * any queue, so a guest's broker identity gets neither ({@code BrokerIdentities}).
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

  /** Direct exchange whose only binding is the conductor queue: where guests report. */
  public String conductorExchange() {
    return exchange + ".conductor";
  }

  /** Direct exchange bound to the control plane's reply queues only: where guests answer calls. */
  public String replyExchange() {
    return exchange + ".reply";
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
    channel.exchangeDeclare(conductorExchange(), BuiltinExchangeType.DIRECT, true);
    channel.queueDeclare(conductorQueue, true, false, false, null);
    channel.queueBind(conductorQueue, exchange, conductorQueue);
    channel.queueBind(conductorQueue, conductorExchange(), conductorQueue);
  }

  /**
   * A control-plane caller's reply queue: exclusive to its connection (no other connection can
   * consume it), bound to {@link #replyExchange()} under its own name.
   */
  public void declareReplyQueue(Channel channel, String queue) throws IOException {
    channel.exchangeDeclare(replyExchange(), BuiltinExchangeType.DIRECT, true);
    channel.queueDeclare(queue, false, true, true, null);
    channel.queueBind(queue, replyExchange(), queue);
  }

  /**
   * For a guest: its queue exists (the create workflow made it before the server); a guest with its
   * own broker identity may not declare it, so only a missing queue is declared, which works with a
   * control-plane account only (tests that run a guest without the control plane).
   */
  public void ensureGuestQueue(Connection connection, String instanceId) throws IOException {
    if (!exists(connection, channel -> channel.queueDeclarePassive(guestQueue(instanceId)))) {
      try (Channel channel = connection.createChannel()) {
        declareGuestQueue(channel, instanceId);
      } catch (TimeoutException e) {
        throw new IOException("closing a channel timed out", e);
      }
    }
  }

  /** For a guest: as {@link #ensureGuestQueue}, for the exchange it reports to. */
  public void ensureConductorExchange(Connection connection) throws IOException {
    if (!exists(connection, channel -> channel.exchangeDeclarePassive(conductorExchange()))) {
      try (Channel channel = connection.createChannel()) {
        declareConductorQueue(channel);
      } catch (TimeoutException e) {
        throw new IOException("closing a channel timed out", e);
      }
    }
  }

  private static boolean exists(Connection connection, PassiveCheck check) throws IOException {
    Channel channel = connection.createChannel();
    try {
      check.run(channel);
      return true;
    } catch (IOException e) {
      if (e.getCause() instanceof ShutdownSignalException signal
          && signal.getReason() instanceof AMQP.Channel.Close close
          && close.getReplyCode() == AMQP.NOT_FOUND) {
        return false;
      }
      throw e;
    } finally {
      if (channel.isOpen()) {
        channel.abort();
      }
    }
  }

  @FunctionalInterface
  private interface PassiveCheck {
    void run(Channel channel) throws IOException;
  }

  /** Durable, reached through the default exchange (no binding to keep in step). */
  public void declareConductorDeadLetterQueue(Channel channel) throws IOException {
    channel.queueDeclare(conductorDeadLetterQueue(), true, false, false, null);
  }
}
