package org.opentrove.dist.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.Amqp;
import org.opentrove.contract.Reply;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.Topology;
import org.opentrove.contract.Wire;
import org.opentrove.contract.rpc.GuestRpcClient;

/** The embedded broker speaks enough AMQP 0-9-1 for guest RPC: durable queues, casts and calls. */
class EmbeddedBrokerTest {
  @Test
  void guestCallsAndCastsWorkOnTheEmbeddedBroker() throws Exception {
    Path work = Files.createTempDirectory("broker-test");
    try (EmbeddedBroker broker = EmbeddedBroker.start(FreePorts.preferring(0), "s3cretpw", work);
        Connection connection = Amqp.connect(broker.uri(), "test")) {
      String instanceId = UUID.randomUUID().toString();
      GuestRpcClient client = new GuestRpcClient(connection, Topology.DEFAULT, Clock.systemUTC());
      client.declareGuestQueue(instanceId);
      client.cast(instanceId, "prepare", Map.of(), RequestContext.none());

      Channel guest = connection.createChannel();
      guest.basicConsume(
          Topology.DEFAULT.guestQueue(instanceId),
          true,
          (tag, delivery) -> {
            if (delivery.getProperties().getReplyTo() == null) {
              return;
            }
            AMQP.BasicProperties props =
                new AMQP.BasicProperties.Builder()
                    .correlationId(delivery.getProperties().getCorrelationId())
                    .build();
            guest.basicPublish(
                "",
                delivery.getProperties().getReplyTo(),
                props,
                Wire.encode(Reply.ok(Map.of("method", Wire.decode(delivery.getBody()).method()))));
          },
          tag -> {});

      var result =
          client.call(
              instanceId, "stop_db", Map.of(), RequestContext.none(), Duration.ofSeconds(5));
      assertThat(result.get("method").asText()).isEqualTo("stop_db");
      client.deleteGuestQueue(instanceId);
      client.close();
    }
  }
}
