package org.opentrove.dist.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentrove.activities.bus.GuestBusAccess;
import org.opentrove.conductor.Conductor;
import org.opentrove.conductor.ConductorConfig;
import org.opentrove.contract.Amqp;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.Heartbeat;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.contract.Topology;
import org.opentrove.contract.Wire;
import org.opentrove.contract.bus.BrokerIdentities;
import org.opentrove.contract.bus.GuestCredentials;
import org.opentrove.contract.bus.GuestIdentity;
import org.opentrove.contract.rpc.GuestRpcClient;
import org.opentrove.store.DatastoreDao;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.ServiceStatusDao;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;

/**
 * Guest A, logged in with its own broker identity, against guest B and the control plane, on a real
 * broker with the real conductor and database. Each broker runs it as a subclass.
 */
abstract class GuestBusIsolationContract {
  private final Topology topology =
      new Topology(
          "trove-bus-test-" + UUID.randomUUID(), "trove-conductor-bus-test-" + UUID.randomUUID());
  private final GuestCredentials credentials = new GuestCredentials(new byte[32]);
  private TestDatabase db;
  private Jdbi jdbi;
  private Connection controlPlane;
  private GuestRpcClient rpc;
  private GuestBusAccess access;
  private WorkflowServiceStubs noTemporal;
  private Conductor conductor;
  private UUID a;
  private UUID b;
  private Connection guestA;

  /** The control plane's broker URI. */
  abstract String controlPlaneUri();

  abstract BrokerIdentities identities();

  @BeforeEach
  void start() throws Exception {
    db = TestDatabase.createMigrated();
    jdbi = Store.jdbi(db.dataSource());
    controlPlane = Amqp.connect(controlPlaneUri(), "bus-test-control-plane");
    rpc = new GuestRpcClient(controlPlane, topology, Clock.systemUTC());
    access = new GuestBusAccess(identities(), credentials, topology);
    // Only instances without a task are reported on here: nothing to signal, no Temporal needed.
    noTemporal =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:1").build());
    conductor =
        new Conductor(
            controlPlane,
            topology,
            new ConductorConfig(),
            jdbi,
            WorkflowClient.newInstance(noTemporal),
            Clock.systemUTC(),
            Amqp.userOf(controlPlaneUri()));
    conductor.start();
    a = newInstance();
    b = newInstance();
    for (UUID id : new UUID[] {a, b}) {
      rpc.declareGuestQueue(id.toString());
      access.grant(id.toString());
    }
    guestA = Amqp.connect(credentials.uriFor(controlPlaneUri(), a.toString()), "bus-test-guest-a");
  }

  @AfterEach
  void stop() throws Exception {
    if (guestA != null) {
      guestA.abort();
    }
    for (UUID id : new UUID[] {a, b}) {
      if (id != null) {
        access.revoke(id.toString());
        rpc.deleteGuestQueue(id.toString());
      }
    }
    conductor.close();
    try (Channel channel = controlPlane.createChannel()) {
      channel.queueDelete(topology.conductorQueue());
      channel.queueDelete(topology.conductorDeadLetterQueue());
      channel.exchangeDelete(topology.exchange());
      channel.exchangeDelete(topology.conductorExchange());
      channel.exchangeDelete(topology.replyExchange());
    }
    rpc.close();
    controlPlane.close();
    noTemporal.shutdown();
    db.close();
  }

  @Test
  void guestConsumesItsOwnQueueButNotAnothers() throws Exception {
    Channel own = guestA.createChannel();
    own.basicConsume(topology.guestQueue(a.toString()), true, (tag, d) -> {}, tag -> {});

    assertRefused(
        channel ->
            channel.basicConsume(topology.guestQueue(b.toString()), true, (t, d) -> {}, t -> {}));
    assertRefused(channel -> channel.basicGet(topology.guestQueue(b.toString()), true));
  }

  @Test
  void guestCannotPublishToAnotherGuestsQueue() throws Exception {
    String queueOfB = topology.guestQueue(b.toString());
    byte[] enableRoot =
        Wire.encode(
            Wire.envelope("enable_root", Map.of(), RequestContext.none(), Clock.systemUTC()));
    AMQP.BasicProperties call =
        new AMQP.BasicProperties.Builder()
            .replyTo(topology.guestQueue(a.toString()))
            .correlationId("stolen")
            .build();
    // Through every exchange a guest might try: the default one, the main one, its own two.
    for (String exchange :
        new String[] {
          "", topology.exchange(), topology.conductorExchange(), topology.replyExchange()
        }) {
      try {
        Channel channel = guestA.createChannel();
        channel.confirmSelect();
        channel.basicPublish(exchange, queueOfB, call, enableRoot);
        channel.waitForConfirms(5000);
      } catch (IOException | RuntimeException e) {
        // refused: what we want; the queue's depth below is the proof either way
      }
    }
    Thread.sleep(500);
    assertThat(depth(queueOfB)).as("messages that reached B's queue").isZero();
  }

  @Test
  void guestFindsItsTopologyAndAnswersCallsThroughTheReplyExchange() throws Exception {
    topology.ensureGuestQueue(guestA, a.toString());
    topology.ensureConductorExchange(guestA);
    String replies = "trove-reply." + UUID.randomUUID();
    try (Channel control = controlPlane.createChannel()) {
      topology.declareReplyQueue(control, replies);
      Channel channel = guestA.createChannel();
      channel.confirmSelect();
      AMQP.BasicProperties reply =
          new AMQP.BasicProperties.Builder()
              .correlationId("c1")
              .userId(GuestIdentity.userOf(a.toString()))
              .build();
      channel.basicPublish(topology.replyExchange(), replies, reply, new byte[] {1});
      assertThat(channel.waitForConfirms(5000)).isTrue();
      waitFor(() -> depthQuietly(replies) == 1, "A's reply in the control plane's queue");
    }
  }

  @Test
  void guestsOwnHeartbeatIsApplied() throws Exception {
    publishAsA(heartbeat(a, ServiceStatus.HEALTHY), GuestIdentity.userOf(a.toString()));

    waitFor(() -> "HEALTHY".equals(status(a)), "A's heartbeat applied");
    assertThat(conductor.deadLetteredCount()).isZero();
  }

  @Test
  void heartbeatNamingAnotherInstanceIsDeadLetteredAndChangesNothing() throws Exception {
    String before = status(b);
    publishAsA(heartbeat(b, ServiceStatus.FAILED), GuestIdentity.userOf(a.toString()));
    publishAsA(heartbeat(b, ServiceStatus.FAILED), null);

    waitFor(() -> conductor.deadLetteredCount() == 2, "both forged heartbeats dead-lettered");
    assertThat(status(b)).isEqualTo(before);
    assertThat(deadLetterReason()).contains("user");
  }

  @Test
  void backupReportNamingAnotherInstanceIsDeadLettered() throws Exception {
    BackupUpdate completed =
        new BackupUpdate(
            b.toString(),
            UUID.randomUUID().toString(),
            BackupUpdate.COMPLETED,
            1,
            "c0ffee",
            Map.of(),
            null);
    publishAsA(
        Wire.encode(
            Wire.envelope(
                ConductorMethods.UPDATE_BACKUP,
                completed,
                RequestContext.none(),
                Clock.systemUTC())),
        GuestIdentity.userOf(a.toString()));

    waitFor(() -> conductor.deadLetteredCount() == 1, "the forged backup report dead-lettered");
    assertThat(deadLetterReason()).contains("user");
  }

  @Test
  void brokerRefusesAMessageClaimingAnotherGuestsUserId() throws Exception {
    String before = status(b);
    Channel channel = guestA.createChannel();
    channel.confirmSelect();
    AMQP.BasicProperties asB =
        new AMQP.BasicProperties.Builder().userId(GuestIdentity.userOf(b.toString())).build();
    boolean confirmed;
    try {
      channel.basicPublish(
          topology.conductorExchange(),
          topology.conductorQueue(),
          asB,
          heartbeat(b, ServiceStatus.FAILED));
      confirmed = channel.waitForConfirms(5000);
    } catch (IOException | RuntimeException e) {
      confirmed = false;
    }
    assertThat(confirmed).as("the broker took a message with a forged user-id").isFalse();
    Thread.sleep(500);
    assertThat(status(b)).isEqualTo(before);
    assertThat(conductor.appliedCount()).isZero();
  }

  @Test
  void guestCannotConsumeAControlPlaneReplyQueue() throws Exception {
    String replies = "trove-reply." + UUID.randomUUID();
    try (Channel channel = controlPlane.createChannel()) {
      topology.declareReplyQueue(channel, replies);
      assertRefused(guest -> guest.basicConsume(replies, true, (t, d) -> {}, t -> {}));
    }
  }

  private void publishAsA(byte[] body, String userId) throws Exception {
    Channel channel = guestA.createChannel();
    channel.confirmSelect();
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder().deliveryMode(2).userId(userId).build();
    channel.basicPublish(topology.conductorExchange(), topology.conductorQueue(), properties, body);
    assertThat(channel.waitForConfirms(5000)).isTrue();
    channel.close();
  }

  private static byte[] heartbeat(UUID instance, ServiceStatus status) {
    return Wire.encode(
        Wire.envelope(
            ConductorMethods.HEARTBEAT,
            new Heartbeat(instance.toString(), status, null, 1),
            RequestContext.none(),
            Clock.systemUTC()));
  }

  /**
   * On a connection of A's own: RabbitMQ closes the channel, Qpid the whole connection, both with
   * 403 (access refused).
   */
  private void assertRefused(ChannelCall call) throws Exception {
    Connection connection =
        Amqp.connect(credentials.uriFor(controlPlaneUri(), a.toString()), "bus-test-guest-a");
    try {
      Channel channel = connection.createChannel();
      assertThatThrownBy(() -> call.run(channel))
          .isInstanceOf(IOException.class)
          .satisfies(e -> assertThat(replyCode(e.getCause())).isEqualTo(AMQP.ACCESS_REFUSED));
    } finally {
      connection.abort();
    }
  }

  private static int replyCode(Throwable cause) {
    if (cause instanceof ShutdownSignalException signal) {
      if (signal.getReason() instanceof AMQP.Channel.Close close) {
        return close.getReplyCode();
      }
      if (signal.getReason() instanceof AMQP.Connection.Close close) {
        return close.getReplyCode();
      }
    }
    return -1;
  }

  private long depth(String queue) throws Exception {
    try (Channel channel = controlPlane.createChannel()) {
      return channel.queueDeclarePassive(queue).getMessageCount();
    }
  }

  private long depthQuietly(String queue) {
    try {
      return depth(queue);
    } catch (Exception e) {
      return -1;
    }
  }

  private String deadLetterReason() throws Exception {
    try (Channel channel = controlPlane.createChannel()) {
      GetResponse dead = channel.basicGet(topology.conductorDeadLetterQueue(), true);
      assertThat(dead).as("a dead letter").isNotNull();
      return String.valueOf(dead.getProps().getHeaders().get("x-trove-dead-letter-reason"));
    }
  }

  private String status(UUID id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("select status from service_statuses where instance_id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .one());
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
          h.createUpdate("update instances set task_status = 'NONE' where id = :id")
              .bind("id", id)
              .execute();
        });
    return id;
  }

  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(20);
    }
  }

  @FunctionalInterface
  private interface ChannelCall {
    void run(Channel channel) throws Exception;
  }
}
