package org.opentrove.guest.rpc;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.Heartbeat;
import org.opentrove.contract.Reply;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.Topology;
import org.opentrove.contract.Wire;

/**
 * The control plane's side, for tests: sends calls and casts to a guest queue on a topology of its
 * own and collects the heartbeats from that topology's conductor queue. {@link #close()} deletes
 * the queues and the exchange.
 */
public final class TestRpcClient implements AutoCloseable {
  private final Channel channel;
  private final Topology topology;
  private final String instanceId;
  private final String replyQueue;
  private final BlockingQueue<Delivery> replies = new LinkedBlockingQueue<>();
  private final BlockingQueue<Delivery> heartbeats = new LinkedBlockingQueue<>();

  public TestRpcClient(Connection connection, Topology topology, String instanceId)
      throws IOException {
    this.channel = connection.createChannel();
    this.topology = topology;
    this.instanceId = instanceId;
    topology.declareConductorQueue(channel);
    topology.declareGuestQueue(channel, instanceId);
    replyQueue = "test-reply." + UUID.randomUUID();
    topology.declareReplyQueue(channel, replyQueue);
    channel.basicConsume(replyQueue, true, (tag, d) -> replies.add(d), tag -> {});
    channel.basicConsume(topology.conductorQueue(), true, (tag, d) -> heartbeats.add(d), tag -> {});
  }

  /** A topology nobody else uses, so tests do not meet the real control plane's messages. */
  public static Topology uniqueTopology() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    return new Topology("test-trove-" + suffix, "test-conductor-" + suffix);
  }

  public Reply call(String method, Object args, RequestContext context, Duration timeout)
      throws IOException, InterruptedException {
    return callRaw(Wire.encode(Wire.envelope(method, args, context, Clock.systemUTC())), timeout);
  }

  /** Sends {@code body} as a call and waits for the reply. */
  public Reply callRaw(byte[] body, Duration timeout) throws IOException, InterruptedException {
    String correlationId = UUID.randomUUID().toString();
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder().replyTo(replyQueue).correlationId(correlationId).build();
    channel.basicPublish(topology.exchange(), topology.guestQueue(instanceId), properties, body);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Delivery delivery = replies.poll(100, TimeUnit.MILLISECONDS);
      if (delivery != null && correlationId.equals(delivery.getProperties().getCorrelationId())) {
        return Wire.read(delivery.getBody(), Reply.class);
      }
    }
    throw new AssertionError("no reply within " + timeout);
  }

  public void cast(String method, Object args, RequestContext context) throws IOException {
    channel.basicPublish(
        topology.exchange(),
        topology.guestQueue(instanceId),
        null,
        Wire.encode(Wire.envelope(method, args, context, Clock.systemUTC())));
  }

  public void publishRaw(byte[] body) throws IOException {
    channel.basicPublish(topology.exchange(), topology.guestQueue(instanceId), null, body);
  }

  /** Waits for a heartbeat that matches; returns its delivery. */
  public Delivery awaitHeartbeat(Predicate<Heartbeat> matching, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Delivery delivery = heartbeats.poll(100, TimeUnit.MILLISECONDS);
      if (delivery != null && matching.test(heartbeat(delivery))) {
        return delivery;
      }
    }
    throw new AssertionError("no matching heartbeat within " + timeout);
  }

  public static Heartbeat heartbeat(Delivery delivery) {
    Envelope envelope = Wire.decode(delivery.getBody());
    return Wire.args(envelope, Heartbeat.class);
  }

  public long guestQueueDepth() throws IOException {
    return channel.queueDeclarePassive(topology.guestQueue(instanceId)).getMessageCount();
  }

  @Override
  public void close() throws IOException {
    channel.queueDelete(topology.guestQueue(instanceId));
    channel.queueDelete(topology.conductorQueue());
    channel.exchangeDelete(topology.exchange());
    channel.exchangeDelete(topology.conductorExchange());
    channel.exchangeDelete(topology.replyExchange());
  }
}
