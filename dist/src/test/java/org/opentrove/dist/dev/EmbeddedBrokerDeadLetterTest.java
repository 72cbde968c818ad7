package org.opentrove.dist.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.opentrove.conductor.Conductor;
import org.opentrove.conductor.ConductorConfig;
import org.opentrove.contract.Amqp;
import org.opentrove.contract.Topology;

/** Dev mode's conductor runs on the embedded broker: its dead-letter queue must work there too. */
class EmbeddedBrokerDeadLetterTest {
  @Test
  void theConductorDeadLettersAnUnreadableMessageOnTheEmbeddedBroker() throws Exception {
    Path work = Files.createTempDirectory("broker-dead-letter-test");
    // An unreadable message never reaches the database or Temporal: neither is needed here.
    Jdbi noDatabase = Jdbi.create("jdbc:postgresql://127.0.0.1:1/none");
    WorkflowServiceStubs noTemporal =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:1").build());
    try (EmbeddedBroker broker = EmbeddedBroker.start(FreePorts.preferring(0), "s3cretpw", work);
        Connection connection = Amqp.connect(broker.uri(), "test");
        Conductor conductor =
            new Conductor(
                connection,
                Topology.DEFAULT,
                new ConductorConfig(),
                noDatabase,
                WorkflowClient.newInstance(noTemporal),
                Clock.systemUTC(),
                Amqp.userOf(broker.uri()))) {
      conductor.start();
      try (Channel publisher = connection.createChannel()) {
        publisher.basicPublish(
            Topology.DEFAULT.exchange(),
            Topology.DEFAULT.conductorQueue(),
            null,
            "not json".getBytes(StandardCharsets.UTF_8));
      }

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (conductor.deadLetteredCount() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(conductor.deadLetteredCount()).isEqualTo(1);
      try (Channel reader = connection.createChannel()) {
        var dead = reader.basicGet(Topology.DEFAULT.conductorDeadLetterQueue(), true);
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("not json");
      }
    } finally {
      noTemporal.shutdownNow();
    }
  }
}
