package org.opentrove.contract.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.Reply;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.Topology;
import org.opentrove.contract.Wire;

/**
 * Trove's guest RPC over AMQP: {@code cast} (one-way, confirmed by the broker, persistent) and
 * {@code call} (request/reply through this client's own reply queue, matched by correlation id,
 * bounded by a timeout). Guests answer through the reply exchange to this client's exclusive queue;
 * the correlation id of a call is random, so another guest cannot answer it. Thread-safe: each
 * publish uses its own short-lived channel. The reply consumer survives any reply and is made again
 * if the broker takes it away ({@link ReplyConsumer}).
 */
public class GuestRpcClient implements AutoCloseable {
  private final Connection connection;
  private final Topology topology;
  private final Clock clock;
  private final String replyQueue = "trove-reply." + UUID.randomUUID();
  private final Map<String, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
  private final ReplyConsumer replies;

  public GuestRpcClient(Connection connection, Topology topology, Clock clock) throws IOException {
    this.connection = connection;
    this.topology = topology;
    this.clock = clock;
    this.replies = new ReplyConsumer(connection, topology, replyQueue, pending);
  }

  public void declareGuestQueue(String instanceId) throws IOException {
    withChannel(
        channel -> {
          topology.declareGuestQueue(channel, instanceId);
          // The guest may not declare what it publishes to: it must exist before the guest runs,
          // even when the conductor has not started yet.
          topology.declareConductorQueue(channel);
        });
  }

  /** Deletes the queue; one that does not exist counts as deleted (brokers differ here). */
  public void deleteGuestQueue(String instanceId) throws IOException {
    try {
      withChannel(channel -> channel.queueDelete(topology.guestQueue(instanceId)));
    } catch (IOException e) {
      if (!(e.getCause() instanceof ShutdownSignalException signal
          && signal.getReason() instanceof AMQP.Channel.Close close
          && close.getReplyCode() == 404)) {
        throw e;
      }
    }
  }

  public void cast(String instanceId, String method, Object args, RequestContext context)
      throws IOException {
    Envelope envelope = Wire.envelope(method, args, context, clock);
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build();
    withChannel(
        channel -> {
          channel.confirmSelect();
          channel.basicPublish(
              topology.exchange(), topology.guestQueue(instanceId), props, Wire.encode(envelope));
          try {
            channel.waitForConfirmsOrDie(10_000);
          } catch (InterruptedException | TimeoutException e) {
            throw new IOException("broker did not confirm " + method + " to " + instanceId, e);
          }
        });
  }

  public JsonNode call(
      String instanceId, String method, Object args, RequestContext context, Duration timeout)
      throws IOException {
    replies.ensureConsuming();
    String correlationId = UUID.randomUUID().toString();
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    pending.put(correlationId, reply);
    try {
      Envelope envelope = Wire.envelope(method, args, context, clock);
      AMQP.BasicProperties props =
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .correlationId(correlationId)
              .replyTo(replyQueue)
              // Not the AMQP expiration property: brokers disagree on its meaning (Qpid's 0-9-1
              // reads it as an absolute time). The guest drops calls past this deadline instead.
              .headers(Map.of(Topology.DEADLINE_HEADER, clock.millis() + timeout.toMillis()))
              .build();
      withChannel(
          channel ->
              channel.basicPublish(
                  topology.exchange(),
                  topology.guestQueue(instanceId),
                  props,
                  Wire.encode(envelope)));
      Reply answer = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (answer.isError()) {
        throw new GuestErrorException(answer.errorKind(), answer.errorMessage());
      }
      return answer.result();
    } catch (TimeoutException e) {
      throw new GuestTimeoutException(
          "guest of instance "
              + instanceId
              + " did not answer "
              + method
              + " within "
              + timeout.toSeconds()
              + "s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + method, e);
    } catch (ExecutionException e) {
      throw new IOException("call " + method + " failed", e.getCause());
    } finally {
      pending.remove(correlationId);
    }
  }

  private void withChannel(ChannelWork work) throws IOException {
    Channel channel = connection.createChannel();
    try {
      work.run(channel);
    } finally {
      try {
        if (channel.isOpen()) {
          channel.close();
        }
      } catch (TimeoutException | IOException e) {
        // the channel is being discarded either way
      }
    }
  }

  /** The reply consumer's current channel, for tests that make the broker close it. */
  Channel replyChannel() {
    return replies.channel();
  }

  /** Whether replies are being consumed now; if not, the next call consumes them again. */
  boolean consumingReplies() {
    return replies.isConsuming();
  }

  @Override
  public void close() {
    try {
      replies.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the reply channel", e);
    }
  }

  @FunctionalInterface
  private interface ChannelWork {
    void run(Channel channel) throws IOException;
  }
}
