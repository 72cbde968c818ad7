package org.opentrove.dist.system;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.opentrove.contract.Amqp;

/**
 * The raw baseline of the conductor benchmarks: consumes a queue with the conductor's prefetch and
 * acknowledges every {@code batch} deliveries at once, and does nothing else: no decoding, no
 * database. Runs in the benchmark's JVM or, through {@link #main}, as its own process.
 */
final class RawConsumer implements AutoCloseable {
  private final Channel channel;
  private final AtomicLong consumed = new AtomicLong();

  RawConsumer(Connection connection, String queue, int prefetch, int batch) throws IOException {
    channel = connection.createChannel();
    channel.queueDeclare(queue, true, false, false, null);
    channel.basicQos(prefetch);
    channel.basicConsume(
        queue,
        false,
        (tag, delivery) -> {
          long count = consumed.incrementAndGet();
          if (count % batch == 0) {
            channel.basicAck(delivery.getEnvelope().getDeliveryTag(), true);
          }
        },
        tag -> {});
  }

  long consumed() {
    return consumed.get();
  }

  @Override
  public void close() throws IOException, TimeoutException {
    if (channel.isOpen()) {
      channel.close();
    }
  }

  /** {@code RawConsumer <amqp uri> <queue>}: consumes until killed. */
  public static void main(String[] args) throws Exception {
    Connection connection = Amqp.connect(args[0], "raw-consumer");
    try (RawConsumer ignored = new RawConsumer(connection, args[1], 1000, 1)) {
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
