package org.opentrove.contract.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.Amqp;
import org.opentrove.contract.Envelope;
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
    Channel guest = connection.createChannel();
    guest.basicConsume(
        topology.guestQueue(instanceId),
        true,
        (tag, delivery) -> {
          Envelope request = Wire.decode(delivery.getBody());
          AMQP.BasicProperties props =
              new AMQP.BasicProperties.Builder()
                  .correlationId(delivery.getProperties().getCorrelationId())
                  .build();
          guest.basicPublish(
              "",
              delivery.getProperties().getReplyTo(),
              props,
              Wire.encode(Reply.ok(Map.of("echo", request.method()))));
        },
        tag -> {});

    var result =
        client.call(
            instanceId, "get_status", Map.of(), RequestContext.none(), Duration.ofSeconds(5));

    assertThat(result.get("echo").asText()).isEqualTo("get_status");
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
