package org.opentrove.contract.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.Amqp;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.GuestErrorType;
import org.opentrove.contract.Reply;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.Topology;
import org.opentrove.contract.Wire;

/** Against the real RabbitMQ the test command starts (TROVE_TEST_AMQP_URI overrides). */
class GuestRpcClientTest {
  static final String URI =
      System.getenv().getOrDefault("TROVE_TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672");

  private final Topology topology =
      new Topology("trove-test-" + UUID.randomUUID(), "trove-conductor-test-" + UUID.randomUUID());
  private final String instanceId = UUID.randomUUID().toString();
  private final AtomicReference<String> replyQueue = new AtomicReference<>();
  private Connection connection;
  private GuestRpcClient client;

  @BeforeEach
  void connect() throws Exception {
    connection = Amqp.connect(URI, "rpc-test");
    client = new GuestRpcClient(connection, topology, Clock.systemUTC());
    client.declareGuestQueue(instanceId);
  }

  @AfterEach
  void close() throws Exception {
    client.deleteGuestQueue(instanceId);
    try (Channel ch = connection.createChannel()) {
      ch.exchangeDelete(topology.exchange());
    }
    client.close();
    connection.close();
  }

  @Test
  void callReturnsTheGuestsReplyMatchedByCorrelationId() throws Exception {
    startGuest(request -> Wire.encode(Reply.ok(Map.of("echo", request.method()))));

    assertThat(echo("get_status")).isEqualTo("get_status");
  }

  @Test
  void anUnreadableReplyFailsItsCallClearlyAndTheNextCallSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    startGuest(
        request ->
            calls.incrementAndGet() == 1
                ? "{not a reply".getBytes(StandardCharsets.UTF_8)
                : Wire.encode(Reply.ok(Map.of("echo", request.method()))));

    assertThatThrownBy(() -> echo("get_status"))
        .isInstanceOf(GuestErrorException.class)
        .hasMessageContaining("could not be read")
        .extracting(e -> ((GuestErrorException) e).type())
        .isEqualTo(GuestErrorType.UNREADABLE_REPLY);
    try (Channel stranger = connection.createChannel()) {
      stranger.basicPublish("", replyQueue.get(), null, new byte[] {0, 1, 2});
      stranger.basicPublish(
          "",
          replyQueue.get(),
          new AMQP.BasicProperties.Builder().correlationId("nobody-waits").build(),
          "null".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(echo("restart")).isEqualTo("restart");
    assertThat(client.consumingReplies()).isTrue();
  }

  @Test
  void aReplyChannelTheBrokerClosedIsOpenedAgainForTheNextCall() throws Exception {
    startGuest(request -> Wire.encode(Reply.ok(Map.of("echo", request.method()))));
    assertThat(echo("get_status")).isEqualTo("get_status");

    Channel replyChannel = client.replyChannel();
    replyChannel.basicPublish("no-such-exchange-" + UUID.randomUUID(), "x", null, new byte[0]);
    awaitUntil(() -> !replyChannel.isOpen());

    assertThat(echo("get_status")).isEqualTo("get_status");
  }

  @Test
  void aDeletedReplyQueueIsDeclaredAgainForTheNextCall() throws Exception {
    startGuest(request -> Wire.encode(Reply.ok(Map.of("echo", request.method()))));
    assertThat(echo("get_status")).isEqualTo("get_status");

    try (Channel stranger = connection.createChannel()) {
      stranger.queueDelete(replyQueue.get());
    }
    awaitUntil(() -> !client.consumingReplies());

    assertThat(echo("get_status")).isEqualTo("get_status");
  }

  @Test
  void callTimesOutWhenNoGuestAnswers() {
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                client.call(
                    instanceId, "stop_db", Map.of(), RequestContext.none(), Duration.ofMillis(500)))
        .isInstanceOf(GuestTimeoutException.class)
        .hasMessageContaining("did not answer stop_db");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  /** A guest that answers each call with the body {@code answer} makes of it. */
  private void startGuest(Function<Envelope, byte[]> answer) throws Exception {
    Channel guest = connection.createChannel();
    guest.basicConsume(
        topology.guestQueue(instanceId),
        true,
        (tag, delivery) -> {
          replyQueue.set(delivery.getProperties().getReplyTo());
          AMQP.BasicProperties props =
              new AMQP.BasicProperties.Builder()
                  .correlationId(delivery.getProperties().getCorrelationId())
                  .build();
          guest.basicPublish(
              "",
              delivery.getProperties().getReplyTo(),
              props,
              answer.apply(Wire.decode(delivery.getBody())));
        },
        tag -> {});
  }

  private String echo(String method) throws Exception {
    return client
        .call(instanceId, method, Map.of(), RequestContext.none(), Duration.ofSeconds(5))
        .get("echo")
        .asText();
  }

  private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  @Test
  void castIsDurablyQueuedForAGuestThatIsNotRunningYet() throws Exception {
    client.cast(instanceId, "prepare", Map.of("port", 1), RequestContext.none());
    try (Channel ch = connection.createChannel()) {
      var message = ch.basicGet(topology.guestQueue(instanceId), true);
      assertThat(message).isNotNull();
      assertThat(message.getProps().getDeliveryMode()).isEqualTo(2);
      assertThat(Wire.decode(message.getBody()).method()).isEqualTo("prepare");
    }
  }
}
