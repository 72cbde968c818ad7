package org.opentrove.guest.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.GuestErrorType;
import org.opentrove.contract.GuestMethods;
import org.opentrove.contract.Heartbeat;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.Reply;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.contract.Topology;
import org.opentrove.contract.Wire;
import org.opentrove.guest.GuestStatus;
import org.opentrove.guest.TestBroker;

/** The RPC server and heartbeater against the real broker, with a fake datastore. */
class GuestRpcServerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final FakeManager manager = new FakeManager();
  private final String instanceId = UUID.randomUUID().toString();
  private final Topology topology = TestRpcClient.uniqueTopology();
  private Connection connection;
  private GuestRpcServer server;
  private Heartbeater heartbeater;
  private TestRpcClient client;

  @BeforeEach
  void setUp() throws Exception {
    connection = TestBroker.connectOrSkip("guest-rpc-test");
    client = new TestRpcClient(connection, topology, instanceId);
    server =
        new GuestRpcServer(
            connection, topology, instanceId, TestBroker.USER, new GuestDispatcher(manager));
    server.start();
    heartbeater =
        new Heartbeater(
            connection,
            topology,
            instanceId,
            TestBroker.USER,
            Duration.ofSeconds(60),
            manager::status,
            Clock.systemUTC());
    heartbeater.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (connection == null) {
      return;
    }
    server.close();
    heartbeater.close();
    client.close();
    connection.close();
  }

  @Test
  void callIsAnsweredOnReplyToWithTheCorrelationId() throws Exception {
    Reply reply = client.call(GuestMethods.GET_STATUS, Map.of(), RequestContext.none(), TIMEOUT);
    assertThat(reply.isError()).isFalse();
    assertThat(reply.result().get("service_status").asText()).isEqualTo("HEALTHY");
  }

  @Test
  void repeatedCommandWithTheSameKeyIsAppliedOnce() throws Exception {
    RequestContext context = new RequestContext("req-1", "proj", "op-1", "restart-db");
    Reply first = client.call(GuestMethods.RESTART, Map.of(), context, TIMEOUT);
    Reply second = client.call(GuestMethods.RESTART, Map.of(), context, TIMEOUT);
    Reply otherStep =
        client.call(
            GuestMethods.RESTART,
            Map.of(),
            new RequestContext("req-2", "proj", "op-1", "again"),
            TIMEOUT);

    assertThat(second).isEqualTo(first);
    assertThat(otherStep.isError()).isFalse();
    assertThat(manager.restarts).isEqualTo(2);
  }

  @Test
  void failedCommandIsNotCachedSoARetryIsApplied() throws Exception {
    RequestContext context = new RequestContext("req-1", "proj", "op-2", null);
    manager.failRestartWith = new IllegalStateException("transient");
    assertThat(client.call(GuestMethods.RESTART, Map.of(), context, TIMEOUT).isError()).isTrue();
    manager.failRestartWith = null;
    assertThat(client.call(GuestMethods.RESTART, Map.of(), context, TIMEOUT).isError()).isFalse();
    assertThat(manager.restarts).isEqualTo(2);
  }

  @Test
  void unknownMethodGetsAnErrorReply() throws Exception {
    Reply reply = client.call("resize_volume", Map.of(), RequestContext.none(), TIMEOUT);
    assertThat(reply.errorType()).isEqualTo("UnknownMethod");
  }

  @Test
  void malformedMessagesAreAcknowledgedAndDoNotBlockTheQueue() throws Exception {
    client.publishRaw("this is not json".getBytes(StandardCharsets.UTF_8));
    client.publishRaw("{\"args\": {}}".getBytes(StandardCharsets.UTF_8));

    Reply reply = client.call(GuestMethods.GET_STATUS, Map.of(), RequestContext.none(), TIMEOUT);

    assertThat(reply.isError()).isFalse();
    assertThat(client.guestQueueDepth()).isZero();
  }

  @Test
  void malformedCallGetsAnErrorReplyInsteadOfATimeout() throws Exception {
    Reply reply = client.callRaw("{not json".getBytes(StandardCharsets.UTF_8), TIMEOUT);
    assertThat(reply.errorType()).isEqualTo(GuestErrorType.MALFORMED_MESSAGE.wireName());
  }

  @Test
  void castIsAppliedWithoutAReply() throws Exception {
    PrepareArgs args = new PrepareArgs("postgresql", "15", 5433, 256, List.of(), List.of());
    client.cast(GuestMethods.PREPARE, args, RequestContext.none());
    client.call(GuestMethods.GET_STATUS, Map.of(), RequestContext.none(), TIMEOUT);
    assertThat(manager.prepared).containsExactly(args);
  }

  @Test
  void heartbeatsArePersistentJsonEnvelopesAndBeatNowSendsAtOnce() throws Exception {
    Delivery first = client.awaitHeartbeat(h -> true, TIMEOUT);
    assertThat(first.getProperties().getDeliveryMode()).isEqualTo(2);
    assertThat(first.getProperties().getContentType()).isEqualTo("application/json");
    Envelope envelope = Wire.decode(first.getBody());
    assertThat(envelope.method()).isEqualTo(ConductorMethods.HEARTBEAT);
    assertThat(envelope.version()).isEqualTo(Envelope.VERSION);
    Heartbeat heartbeat = Wire.args(envelope, Heartbeat.class);
    assertThat(heartbeat.instanceId()).isEqualTo(instanceId);
    assertThat(heartbeat.serviceStatus()).isEqualTo(ServiceStatus.HEALTHY);
    assertThat(heartbeat.seq()).as("numbered from the first confirmed beat").isEqualTo(1);

    manager.status = new GuestStatus(ServiceStatus.FAILED, "prepare failed at step 'initdb'");
    heartbeater.beatNow();
    // The period is a minute, so only beatNow can deliver this within the timeout.
    Delivery failed =
        client.awaitHeartbeat(h -> h.serviceStatus() == ServiceStatus.FAILED, TIMEOUT);
    assertThat(TestRpcClient.heartbeat(failed).message()).contains("initdb");
    assertThat(TestRpcClient.heartbeat(failed).seq()).isEqualTo(2);
  }
}
