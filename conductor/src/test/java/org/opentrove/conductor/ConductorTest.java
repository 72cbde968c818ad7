package org.opentrove.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.Amqp;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.Heartbeat;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.contract.Topology;
import org.opentrove.contract.Wire;
import org.opentrove.store.DatastoreDao;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.ServiceStatusDao;
import org.opentrove.store.ServiceStatusRow;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;
import org.opentrove.temporal.EmbeddedTemporalServer;
import org.opentrove.temporal.EncryptingPayloadCodec;
import org.opentrove.temporal.TemporalClients;
import org.opentrove.temporal.TemporalConfig;

/** Against the real RabbitMQ and PostgreSQL the test command starts. */
class ConductorTest {
  static final String URI =
      System.getenv().getOrDefault("TROVE_TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672");

  private final Topology topology =
      new Topology("trove-test-" + UUID.randomUUID(), "trove-conductor-test-" + UUID.randomUUID());
  private TestDatabase db;
  private Jdbi jdbi;
  private Connection connection;
  private EmbeddedTemporalServer temporal;
  private WorkflowServiceStubs service;
  private Conductor conductor;

  @BeforeEach
  void start() throws Exception {
    db = TestDatabase.createMigrated();
    jdbi = Store.jdbi(db.dataSource());
    connection = Amqp.connect(URI, "conductor-test");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    temporal = EmbeddedTemporalServer.start(port);
    TemporalConfig config = new TemporalConfig();
    config.target = "127.0.0.1:" + port;
    config.payloadKey = EncryptingPayloadCodec.newBase64Key();
    service = TemporalClients.service(config);
    WorkflowClient client = TemporalClients.client(service, config);
    conductor =
        new Conductor(connection, topology, new ConductorConfig(), jdbi, client, Clock.systemUTC());
    conductor.start();
  }

  @AfterEach
  void stop() throws Exception {
    conductor.close();
    try (Channel channel = connection.createChannel()) {
      channel.queueDelete(topology.conductorQueue());
      channel.exchangeDelete(topology.exchange());
    }
    connection.close();
    service.shutdown();
    temporal.close();
    db.close();
  }

  @Test
  void appliesHeartbeatsInSentOrderAndDropsStaleAndMalformedOnes() throws Exception {
    UUID id = newInstance();
    publish(id, ServiceStatus.HEALTHY, 100.0);
    publish(id, ServiceStatus.SHUTDOWN, 99.0);
    publishRaw("not json at all".getBytes());

    awaitApplied(3);

    ServiceStatusRow row = jdbi.onDemand(ServiceStatusDao.class).find(id).orElseThrow();
    assertThat(row.status()).isEqualTo("HEALTHY");
    assertThat(row.lastSent()).isEqualTo(100.0);
    try (Channel channel = connection.createChannel()) {
      AMQP.Queue.DeclareOk queue = channel.queueDeclarePassive(topology.conductorQueue());
      assertThat(queue.getMessageCount()).as("everything acknowledged").isZero();
    }
  }

  @Test
  void aNewerHeartbeatReplacesTheStatus() throws Exception {
    UUID id = newInstance();
    publish(id, ServiceStatus.HEALTHY, 100.0);
    publish(id, ServiceStatus.CRASHED, 101.0);

    awaitApplied(2);

    assertThat(jdbi.onDemand(ServiceStatusDao.class).find(id).orElseThrow().status())
        .isEqualTo("CRASHED");
  }

  private void awaitApplied(long count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (conductor.appliedCount() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(conductor.appliedCount()).isGreaterThanOrEqualTo(count);
  }

  private void publish(UUID id, ServiceStatus status, double sent) throws Exception {
    Envelope envelope =
        new Envelope(
            ConductorMethods.HEARTBEAT,
            Wire.tree(new Heartbeat(id.toString(), status, null)),
            RequestContext.none(),
            Envelope.VERSION,
            sent);
    publishRaw(Wire.encode(envelope));
  }

  private void publishRaw(byte[] body) throws Exception {
    try (Channel channel = connection.createChannel()) {
      channel.basicPublish(topology.exchange(), topology.conductorQueue(), null, body);
    }
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
