package org.opentrove.guest.rpc;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.GuestErrorType;
import org.opentrove.contract.MalformedMessageException;
import org.opentrove.contract.Reply;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.Topology;
import org.opentrove.contract.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the instance's durable queue one message at a time. Each message is acknowledged after
 * it was handled, whatever the outcome: a failure is reported, not redelivered forever. A message
 * with {@code reply_to} is a call and gets a {@link Reply} on the reply exchange with the same
 * correlation id and the guest's broker user as its validated {@code user-id}; without it, it is a
 * cast. A command whose idempotency key was seen before is not applied again: the earlier
 * successful reply is returned (failures are not remembered, so a retry of a failed command is
 * applied). A malformed message is logged without its body and dropped; if it was a call, the
 * caller gets a {@code MalformedMessage} error instead of a timeout.
 */
public final class GuestRpcServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GuestRpcServer.class);

  private final Connection connection;
  private final Topology topology;
  private final String instanceId;
  private final String brokerUser;
  private final GuestDispatcher dispatcher;
  private final ReplyCache cache = new ReplyCache(ReplyCache.DEFAULT_CAPACITY);
  private Channel channel;
  private String consumerTag;

  /** {@code brokerUser}: the user the connection logged in as, sent as each reply's user-id. */
  public GuestRpcServer(
      Connection connection,
      Topology topology,
      String instanceId,
      String brokerUser,
      GuestDispatcher dispatcher) {
    this.connection = connection;
    this.topology = topology;
    this.instanceId = instanceId;
    this.brokerUser = brokerUser;
    this.dispatcher = dispatcher;
  }

  /** Starts consuming; after a start that failed part way, starts again on a new channel. */
  public synchronized void start() throws IOException {
    if (consumerTag != null) {
      return;
    }
    if (channel != null) {
      channel.abort();
      channel = null;
    }
    topology.ensureGuestQueue(connection, instanceId);
    channel = connection.createChannel();
    channel.basicQos(1);
    String queue = topology.guestQueue(instanceId);
    consumerTag =
        channel.basicConsume(
            queue,
            false,
            (tag, delivery) -> handle(delivery),
            tag -> log.warn("consumer cancelled"));
    log.info("consuming {}", queue);
  }

  private void handle(Delivery delivery) {
    long tag = delivery.getEnvelope().getDeliveryTag();
    AMQP.BasicProperties properties = delivery.getProperties();
    try {
      if (isPastDeadline(properties)) {
        log.warn(
            "dropping call {}: its caller gave up before it arrived",
            properties.getCorrelationId());
        return;
      }
      Envelope envelope = decode(delivery);
      if (envelope == null) {
        return;
      }
      Reply reply = apply(envelope);
      if (properties.getReplyTo() != null) {
        sendReply(properties, reply);
      } else if (reply.isError()) {
        log.warn(
            "cast {} failed: {}: {}", envelope.method(), reply.errorType(), reply.errorMessage());
      }
    } catch (RuntimeException e) {
      log.error("unexpected failure handling a message", e);
    } finally {
      ack(tag);
    }
  }

  private static boolean isPastDeadline(AMQP.BasicProperties properties) {
    if (properties.getHeaders() == null) {
      return false;
    }
    Object deadline = properties.getHeaders().get(Topology.DEADLINE_HEADER);
    return deadline instanceof Number millis && System.currentTimeMillis() > millis.longValue();
  }

  private Envelope decode(Delivery delivery) {
    try {
      Envelope envelope = Wire.decode(delivery.getBody());
      if (envelope.method() == null || envelope.method().isBlank()) {
        throw new MalformedMessageException("envelope has no method", null);
      }
      return envelope;
    } catch (MalformedMessageException e) {
      log.warn(
          "dropping malformed message ({} bytes, correlation id {}): {}",
          delivery.getBody().length,
          delivery.getProperties().getCorrelationId(),
          e.getMessage());
      if (delivery.getProperties().getReplyTo() != null) {
        sendReply(
            delivery.getProperties(),
            Reply.error(GuestErrorType.MALFORMED_MESSAGE, "unreadable message dropped"));
      }
      return null;
    }
  }

  private Reply apply(Envelope envelope) {
    RequestContext context =
        envelope.context() == null ? RequestContext.none() : envelope.context();
    String key = context.idempotencyKey(envelope.method());
    Optional<Reply> cached = cache.get(key);
    if (cached.isPresent()) {
      log.info("{} with key {} was applied before; returning its reply", envelope.method(), key);
      return cached.get();
    }
    log.info(
        "handling {} (request {}, operation {}, step {})",
        envelope.method(),
        context.requestId(),
        context.operationId(),
        context.step());
    Reply reply = dispatcher.dispatch(envelope);
    if (!reply.isError()) {
      cache.put(key, reply);
    }
    return reply;
  }

  private void sendReply(AMQP.BasicProperties request, Reply reply) {
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .correlationId(request.getCorrelationId())
            .contentType("application/json")
            .userId(brokerUser)
            .build();
    try {
      channel.basicPublish(
          topology.replyExchange(), request.getReplyTo(), properties, Wire.encode(reply));
    } catch (IOException | RuntimeException e) {
      log.warn("cannot send the reply to {}: {}", request.getCorrelationId(), e.toString());
    }
  }

  private void ack(long tag) {
    try {
      channel.basicAck(tag, false);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot acknowledge delivery {}: {}", tag, e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (channel == null) {
      return;
    }
    try {
      if (consumerTag != null && channel.isOpen()) {
        channel.basicCancel(consumerTag);
      }
      if (channel.isOpen()) {
        channel.close();
      }
    } catch (IOException | TimeoutException | RuntimeException e) {
      log.debug("closing the RPC channel: {}", e.toString());
    }
    channel = null;
  }
}
