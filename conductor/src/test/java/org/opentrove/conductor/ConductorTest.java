package org.opentrove.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentrove.contract.Amqp;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.Heartbeat;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.contract.Topology;
import org.opentrove.contract.VolumeUsage;
import org.opentrove.contract.Wire;
import org.opentrove.store.DatastoreDao;
import org.opentrove.store.FaultDao;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.ServiceStatusDao;
import org.opentrove.store.ServiceStatusRow;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;
import org.opentrove.temporal.EncryptingPayloadCodec;
import org.opentrove.temporal.TemporalClients;
import org.opentrove.temporal.TemporalConfig;
import org.opentrove.temporal.dev.EmbeddedTemporalServer;

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
        new Conductor(
            connection,
            topology,
            new ConductorConfig(),
            jdbi,
            client,
            Clock.systemUTC(),
            GuestMessages.CONTROL_PLANE_USER);
    try (Channel channel = connection.createChannel()) {
      topology.declareConductorQueue(channel); // so a test can queue messages before the start
    }
  }

  @AfterEach
  void stop() throws Exception {
    conductor.close();
    try (Channel channel = connection.createChannel()) {
      channel.queueDelete(topology.conductorQueue());
      channel.queueDelete(topology.conductorDeadLetterQueue());
      channel.exchangeDelete(topology.exchange());
    }
    connection.close();
    service.shutdown();
    temporal.close();
    db.close();
  }

  @Test
  void appliesHeartbeatsInSentOrderDropsStaleOnesAndDeadLettersMalformedOnes() throws Exception {
    conductor.start();
    UUID id = newInstance();
    publish(id, ServiceStatus.HEALTHY, 100.0);
    publish(id, ServiceStatus.SHUTDOWN, 99.0);
    publishRaw("not json at all".getBytes());

    awaitApplied(2);
    awaitDeadLettered(1);

    ServiceStatusRow row = jdbi.onDemand(ServiceStatusDao.class).find(id).orElseThrow();
    assertThat(row.status()).isEqualTo("HEALTHY");
    assertThat(row.lastSent()).isEqualTo(100.0);
    assertThat(readyMessages(topology.conductorQueue())).as("everything acknowledged").isZero();
  }

  @Test
  void aFullVolumeShowsAsTheInstancesFaultUntilABeatFindsRoomAndLeavesOtherFaultsAlone()
      throws Exception {
    conductor.start();
    UUID full = newInstance();
    UUID failed = newInstance();
    Instant failedAt = Instant.parse("2024-01-01T00:00:00Z");
    jdbi.onDemand(FaultDao.class).record(failed, "create failed at prepare", null, failedAt);
    VolumeUsage noRoom = new VolumeUsage(1000L << 20, 30L << 20);
    publish(full, ServiceStatus.HEALTHY, 100.0, noRoom);
    publish(failed, ServiceStatus.HEALTHY, 100.0, noRoom);
    awaitApplied(2);

    assertThat(fault(full))
        .isEqualTo(
            "volume full: 970 of 1000 MiB used; writes fail until data is removed or the"
                + " volume is resized.");
    assertThat(fault(failed)).isEqualTo("create failed at prepare");
    assertThat(jdbi.onDemand(ServiceStatusDao.class).find(full).orElseThrow().status())
        .as("reads still work: the guest's status stands")
        .isEqualTo("HEALTHY");

    VolumeUsage room = new VolumeUsage(1000L << 20, 500L << 20);
    publish(full, ServiceStatus.HEALTHY, 101.0, room);
    publish(failed, ServiceStatus.HEALTHY, 101.0, room);
    awaitApplied(4);
    assertThat(fault(full)).isNull();
    assertThat(fault(failed)).isEqualTo("create failed at prepare");
  }

  private String fault(UUID id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("select message from instance_faults where instance_id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne()
                .orElse(null));
  }

  @Test
  void aNewerHeartbeatReplacesTheStatus() throws Exception {
    conductor.start();
    UUID id = newInstance();
    publish(id, ServiceStatus.HEALTHY, 100.0);
    publish(id, ServiceStatus.CRASHED, 101.0);

    awaitApplied(2);

    assertThat(jdbi.onDemand(ServiceStatusDao.class).find(id).orElseThrow().status())
        .isEqualTo("CRASHED");
  }

  @ParameterizedTest
  @EnumSource(GuestMessages.Poison.class)
  void aPoisonMessageIsDeadLetteredAndTheRestOfItsBatchApplies(GuestMessages.Poison poison)
      throws Exception {
    UUID before = newInstance();
    UUID poisoned = newInstance();
    UUID after = newInstance();
    byte[] poisonBody = poison.body(poisoned);
    // Queued before the conductor starts, so they arrive together.
    publish(before, ServiceStatus.HEALTHY, 100.0);
    publishRaw(poisonBody);
    publish(after, ServiceStatus.HEALTHY, 100.0);
    publish(poisoned, ServiceStatus.HEALTHY, 101.0);

    conductor.start();
    awaitApplied(3);
    awaitDeadLettered(1);

    for (UUID id : List.of(before, after, poisoned)) {
      assertThat(statusOf(id).status()).as("status of " + id).isEqualTo("HEALTHY");
    }
    assertThat(readyMessages(topology.conductorQueue())).as("everything acknowledged").isZero();
    try (Channel channel = connection.createChannel()) {
      GetResponse dead = channel.basicGet(topology.conductorDeadLetterQueue(), true);
      assertThat(dead.getBody()).isEqualTo(poisonBody);
      assertThat(dead.getProps().getHeaders()).containsKey(DeadLetters.REASON_HEADER);
      assertThat(channel.basicGet(topology.conductorDeadLetterQueue(), true)).isNull();
    }
  }

  @Test
  void aStatusFromANewerGuestIsStoredAsUnknownWithTheRestOfItsHeartbeat() throws Exception {
    UUID before = newInstance();
    UUID newer = newInstance();
    UUID after = newInstance();
    publish(before, ServiceStatus.HEALTHY, 100.0);
    publishRaw(GuestMessages.heartbeat(newer, "RESTART_REQUIRED", "restart to apply", 100.0));
    publish(after, ServiceStatus.HEALTHY, 100.0);

    conductor.start();
    awaitApplied(3);

    ServiceStatusRow row = statusOf(newer);
    assertThat(row.status()).isEqualTo("UNKNOWN");
    assertThat(row.message()).isEqualTo("restart to apply");
    assertThat(row.lastSent()).isEqualTo(100.0);
    assertThat(statusOf(before).status()).isEqualTo("HEALTHY");
    assertThat(statusOf(after).status()).isEqualTo("HEALTHY");
    assertThat(conductor.deadLetteredCount()).isZero();
    assertThat(readyMessages(topology.conductorDeadLetterQueue())).isZero();
  }

  private ServiceStatusRow statusOf(UUID id) {
    return jdbi.onDemand(ServiceStatusDao.class).find(id).orElseThrow();
  }

  private int readyMessages(String queue) throws Exception {
    try (Channel channel = connection.createChannel()) {
      return channel.queueDeclarePassive(queue).getMessageCount();
    }
  }

  private void awaitDeadLettered(long count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (conductor.deadLetteredCount() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(conductor.deadLetteredCount()).isEqualTo(count);
  }

  private void awaitApplied(long count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (conductor.appliedCount() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(conductor.appliedCount()).isGreaterThanOrEqualTo(count);
  }

  private void publish(UUID id, ServiceStatus status, double sent) throws Exception {
    publish(id, status, sent, null);
  }

  private void publish(UUID id, ServiceStatus status, double sent, VolumeUsage volume)
      throws Exception {
    Envelope envelope =
        new Envelope(
            ConductorMethods.HEARTBEAT,
            Wire.tree(new Heartbeat(id.toString(), status, null, 0, volume)),
            RequestContext.none(),
            Envelope.VERSION,
            sent);
    publishRaw(Wire.encode(envelope));
  }

  private void publishRaw(byte[] body) throws Exception {
    try (Channel channel = connection.createChannel()) {
      channel.basicPublish(
          topology.exchange(), topology.conductorQueue(), GuestMessages.FROM_CONTROL_PLANE, body);
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
