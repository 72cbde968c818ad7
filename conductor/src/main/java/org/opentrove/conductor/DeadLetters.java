package org.opentrove.conductor;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.opentrove.contract.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a message the conductor cannot decode or apply to {@link
 * Topology#conductorDeadLetterQueue()}, body unchanged and the reason in a header, and logs it once
 * (what it is and why, never its body). The broker confirms the copy before the original is
 * acknowledged, so a crash in between leaves a duplicate, never a loss. Used by the applier thread
 * only.
 */
final class DeadLetters implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
  static final String REASON_HEADER = "x-trove-dead-letter-reason";

  private final Connection connection;
  private final Topology topology;
  private final AtomicLong count = new AtomicLong();
  private Channel channel;

  DeadLetters(Connection connection, Topology topology) {
    this.connection = connection;
    this.topology = topology;
  }

  void send(Decoded message, String reason) throws IOException {
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .deliveryMode(2)
            .headers(Map.of(REASON_HEADER, reason))
            .build();
    Channel publisher = channel();
    // Declared each time: dead letters are rare, and one the broker cannot route would be lost.
    topology.declareConductorDeadLetterQueue(publisher);
    publisher.basicPublish(
        "", topology.conductorDeadLetterQueue(), props, message.delivery().body());
    try {
      publisher.waitForConfirmsOrDie(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while dead-lettering", e);
    } catch (TimeoutException e) {
      throw new IOException("the broker did not confirm a dead letter", e);
    }
    count.incrementAndGet();
    LOG.warn(
        "dead-lettered {} to {}: {}",
        message.subject(),
        topology.conductorDeadLetterQueue(),
        reason);
  }

  long count() {
    return count.get();
  }

  private Channel channel() throws IOException {
    if (channel == null || !channel.isOpen()) {
      channel = connection.createChannel();
      channel.confirmSelect();
    }
    return channel;
  }

  @Override
  public void close() {
    try {
      if (channel != null && channel.isOpen()) {
        channel.close();
      }
    } catch (IOException | TimeoutException e) {
      LOG.debug("dead-letter channel close: {}", e.toString());
    }
  }
}
