package org.opentrove.contract.rpc;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.opentrove.contract.GuestErrorType;
import org.opentrove.contract.Reply;
import org.opentrove.contract.Topology;
import org.opentrove.contract.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caller's reply queue and its consumer. The queue is exclusive to this connection and bound to
 * the reply exchange, the only way a guest can reach it: no guest may read it. No reply body can
 * stop it: one that cannot be read answers its call with an {@code UnreadableReply} error, or is
 * dropped when no call waits for it (a thrown exception would make the client library close the
 * channel). The client library recovers channels only with their connection, so a channel the
 * broker closed, or a consumer it cancelled (the queue was deleted), is made again before the next
 * call.
 */
final class ReplyConsumer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplyConsumer.class);

  private final Connection connection;
  private final Topology topology;
  private final String queue;
  private final Map<String, CompletableFuture<Reply>> pending;
  private Channel channel;
  private volatile boolean cancelledByBroker;
  private boolean closed;

  ReplyConsumer(
      Connection connection,
      Topology topology,
      String queue,
      Map<String, CompletableFuture<Reply>> pending)
      throws IOException {
    this.connection = connection;
    this.topology = topology;
    this.queue = queue;
    this.pending = pending;
    ensureConsuming();
  }

  /** Re-creates the channel, queue and consumer if the broker took any of them away. */
  synchronized void ensureConsuming() throws IOException {
    if (closed) {
      throw new IOException("the guest RPC client is closed");
    }
    if (isConsuming()) {
      return;
    }
    if (channel != null && !connection.isOpen()) {
      // The connection recovers by itself, and this channel and consumer with it.
      throw new IOException("the message bus connection is down");
    }
    if (channel != null) {
      LOG.warn(
          "the reply channel or its consumer was closed by the broker; consuming {} again", queue);
      channel.abort(); // also keeps the connection's recovery from bringing back its consumer
    }
    channel = connection.createChannel();
    topology.declareReplyQueue(channel, queue);
    cancelledByBroker = false;
    channel.basicConsume(queue, true, this::onReply, tag -> cancelledByBroker = true);
  }

  synchronized boolean isConsuming() {
    return channel != null && channel.isOpen() && !cancelledByBroker;
  }

  synchronized Channel channel() {
    return channel;
  }

  private void onReply(String consumerTag, Delivery delivery) {
    try {
      String correlationId = delivery.getProperties().getCorrelationId();
      CompletableFuture<Reply> waiter =
          correlationId == null ? null : pending.remove(correlationId);
      Reply reply = readable(delivery.getBody());
      if (reply == null) {
        LOG.warn(
            "a reply of {} bytes could not be read; {}",
            delivery.getBody().length,
            waiter == null ? "no call waits for it, dropped" : "its call fails");
        reply =
            Reply.error(GuestErrorType.UNREADABLE_REPLY, "the guest's answer could not be read");
      }
      if (waiter != null) {
        waiter.complete(reply);
      }
    } catch (RuntimeException e) {
      LOG.warn("dropping a reply: {}", e.toString());
    }
  }

  private static Reply readable(byte[] body) {
    try {
      return Wire.read(body, Reply.class);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (channel != null && channel.isOpen()) {
      channel.abort();
    }
  }
}
