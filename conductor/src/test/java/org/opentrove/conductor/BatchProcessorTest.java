package org.opentrove.conductor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.Amqp;
import org.opentrove.contract.Topology;
import org.opentrove.store.DatastoreDao;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.ServiceStatusDao;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;

/**
 * One batch, taken from the real RabbitMQ so its deliveries are exactly the ones the test queued,
 * applied to the real PostgreSQL.
 */
class BatchProcessorTest {
  private final com.codahale.metrics.MetricRegistry metrics =
      new com.codahale.metrics.MetricRegistry();
  private final Topology topology =
      new Topology("trove-test-" + UUID.randomUUID(), "trove-conductor-test-" + UUID.randomUUID());
  private final List<ReportApplier.Outcome> signalled = new ArrayList<>();
  private TestDatabase db;
  private Jdbi jdbi;
  private Connection connection;
  private Channel consumer;
  private DeadLetters deadLetters;

  @BeforeEach
  void start() throws Exception {
    db = TestDatabase.createMigrated();
    jdbi = Store.jdbi(db.dataSource());
    connection = Amqp.connect(ConductorTest.URI, "batch-processor-test");
    consumer = connection.createChannel();
    topology.declareConductorQueue(consumer);
    deadLetters = new DeadLetters(connection, topology);
  }

  @AfterEach
  void stop() throws Exception {
    deadLetters.close();
    try (Channel channel = connection.createChannel()) {
      channel.queueDelete(topology.conductorQueue());
      channel.queueDelete(topology.conductorDeadLetterQueue());
      channel.exchangeDelete(topology.exchange());
    }
    connection.close();
    db.close();
  }

  @Test
  void poisonsInTheMiddleOfABatchAreDeadLetteredOnceAndEverythingElseApplies() throws Exception {
    UUID a = newInstance();
    UUID b = newInstance();
    UUID c = newInstance();
    UUID d = newInstance();
    publish(GuestMessages.heartbeat(a, "HEALTHY", null, 100.0));
    publish(GuestMessages.Poison.NUL_IN_A_STRING.body(b));
    publish(GuestMessages.Poison.NOT_JSON.body(b));
    publish(GuestMessages.heartbeat(c, "HEALTHY", null, 100.0));
    publish(GuestMessages.Poison.MISSING_ARGS.body(b));
    publish(GuestMessages.heartbeat(d, "RESTART_REQUIRED", null, 100.0));
    publish(GuestMessages.heartbeat(b, "HEALTHY", null, 101.0));
    List<Delivery> batch = take(7);

    processor(jdbi).process(batch, new BatchAcks(consumer, batch));

    assertThat(status(a)).isEqualTo("HEALTHY");
    assertThat(status(b)).isEqualTo("HEALTHY");
    assertThat(status(c)).isEqualTo("HEALTHY");
    assertThat(status(d)).isEqualTo("UNKNOWN");
    assertThat(deadLetters.count()).isEqualTo(3);
    assertThat(readyMessages(topology.conductorDeadLetterQueue())).isEqualTo(3);
    assertThat(signalled)
        .flatExtracting(ReportApplier.Outcome::building)
        .extracting(HeartbeatBatchHandler.Applied::instanceId)
        .containsExactlyInAnyOrder(a, c, b);
    consumer.close(); // returns whatever was left unacknowledged to the queue
    assertThat(readyMessages(topology.conductorQueue())).as("everything acknowledged").isZero();
  }

  @Test
  void aDatabaseOutageDeadLettersNothingThatCouldApplyLater() throws Exception {
    UUID a = newInstance();
    publish(GuestMessages.heartbeat(a, "HEALTHY", null, 100.0));
    publish(GuestMessages.Poison.NUL_IN_A_STRING.body(a));
    publish(GuestMessages.Poison.NOT_JSON.body(a));
    List<Delivery> batch = take(3);
    BatchAcks acks = new BatchAcks(consumer, batch);

    assertThatThrownBy(() -> processor(unreachableDatabase()).process(batch, acks))
        .matches(DatabaseFailures::isTransient);
    acks.requeueRest();

    assertThat(deadLetters.count()).as("only what no database can read").isEqualTo(1);
    assertThat(metrics.counter("opentrove.conductor.dead_letters").getCount()).isEqualTo(1);
    awaitReady(topology.conductorQueue(), 2);
    assertThat(status(a)).isEqualTo("NEW");
  }

  private BatchProcessor processor(Jdbi database) {
    return new BatchProcessor(
        GuestMessages.decoder(),
        new ReportApplier(database, Clock.systemUTC()),
        deadLetters,
        signalled::add,
        new ConductorMetrics(metrics));
  }

  private static Jdbi unreachableDatabase() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return Jdbi.create("jdbc:postgresql://127.0.0.1:" + port + "/none", "postgres", "");
  }

  private void publish(byte[] body) throws Exception {
    consumer.basicPublish(
        topology.exchange(), topology.conductorQueue(), GuestMessages.FROM_CONTROL_PLANE, body);
  }

  private List<Delivery> take(int count) throws Exception {
    List<Delivery> batch = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (batch.size() < count && System.nanoTime() < deadline) {
      GetResponse message = consumer.basicGet(topology.conductorQueue(), false);
      if (message == null) {
        Thread.sleep(10);
      } else {
        batch.add(
            new Delivery(
                message.getEnvelope().getDeliveryTag(),
                message.getBody(),
                message.getProps().getUserId()));
      }
    }
    assertThat(batch).hasSize(count);
    return batch;
  }

  private int readyMessages(String queue) throws Exception {
    try (Channel channel = connection.createChannel()) {
      return channel.queueDeclarePassive(queue).getMessageCount();
    }
  }

  private void awaitReady(String queue, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (readyMessages(queue) < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(readyMessages(queue)).isEqualTo(count);
  }

  private String status(UUID id) {
    return jdbi.onDemand(ServiceStatusDao.class).find(id).orElseThrow().status();
  }

  private UUID newInstance() {
    UUID id = UUID.randomUUID();
    UUID version =
        jdbi.onDemand(DatastoreDao.class).find("postgresql").orElseThrow().defaultVersionId();
    Instant now = Instant.now();
    jdbi.useTransaction(
        h -> {
          h.attach(InstanceDao.class).insertBuilding(id, "p", "i", "1", version, 1, now);
          h.attach(ServiceStatusDao.class).insertNew(id, now);
        });
    return id;
  }
}
