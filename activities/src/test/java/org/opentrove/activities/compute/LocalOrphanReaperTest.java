package org.opentrove.activities.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
import org.opentrove.activities.bus.GuestBusAccess;
import org.opentrove.activities.bus.RabbitMqIdentities;
import org.opentrove.activities.volume.LocalVolumeActivities;
import org.opentrove.contract.Amqp;
import org.opentrove.contract.AmqpSettings;
import org.opentrove.contract.Topology;
import org.opentrove.contract.bus.GuestCredentials;
import org.opentrove.contract.rpc.GuestRpcClient;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;
import org.opentrove.store.TestInstances;

/** Against the real PostgreSQL and RabbitMQ the test command starts. */
class LocalOrphanReaperTest {
  static final String MANAGEMENT_URI =
      System.getenv().getOrDefault("TROVE_TEST_AMQP_MANAGEMENT_URI", "http://127.0.0.1:15672");
  static final String URI =
      System.getenv().getOrDefault("TROVE_TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672");

  private final Topology topology =
      new Topology("trove-test-" + UUID.randomUUID(), "trove-conductor-test-" + UUID.randomUUID());
  private final List<Process> started = new ArrayList<>();
  private TestDatabase db;
  private Jdbi jdbi;
  private Connection connection;
  private GuestRpcClient rpc;
  private Path root;
  private LocalOrphanReaper reaper;
  private final GuestCredentials credentials = new GuestCredentials(new byte[32]);
  private GuestBusAccess access;

  @BeforeEach
  void start() throws Exception {
    db = TestDatabase.createMigrated();
    jdbi = Store.jdbi(db.dataSource());
    connection = Amqp.connect(URI, "reaper-test");
    rpc = new GuestRpcClient(connection, topology, Clock.systemUTC());
    root = Files.createTempDirectory("reaper-");
    access = new GuestBusAccess(new RabbitMqIdentities(MANAGEMENT_URI, URI), credentials, topology);
    LocalComputeConfig config = new LocalComputeConfig();
    config.dataRoot = root.toString();
    config.stopGraceSeconds = 2;
    reaper =
        new LocalOrphanReaper(
            config,
            new InstanceOwnership(jdbi, Clock.systemUTC(), Duration.ofMinutes(2)),
            new LocalComputeActivities(config, new AmqpSettings(), credentials),
            new LocalVolumeActivities(config),
            rpc,
            access);
  }

  @AfterEach
  void stop() throws Exception {
    started.forEach(Process::destroyForcibly);
    try (Channel channel = connection.createChannel()) {
      channel.exchangeDelete(topology.exchange());
    }
    rpc.close();
    connection.close();
    db.close();
  }

  @Test
  void removesServersOfDeletedAndUnknownInstancesButNotLiveOrYoungOnes() throws Exception {
    String deleted = server(Instant.now());
    String unknownOld = server(Instant.now().minus(Duration.ofMinutes(10)));
    String unknownYoung = server(Instant.now());
    String live = server(Instant.now().minus(Duration.ofMinutes(10)));
    TestInstances.insert(jdbi, deleted, true);
    TestInstances.insert(jdbi, live, false);

    List<String> reaped = reaper.reap();

    assertThat(reaped).containsExactlyInAnyOrder(deleted, unknownOld);
    for (String id : List.of(deleted, unknownOld)) {
      assertThat(Files.exists(root.resolve(id))).isFalse();
      assertThat(VmProcesses.referencing(root.resolve(id))).isEmpty();
      assertThat(queueExists(topology.guestQueue(id))).isFalse();
      assertThat(canLogIn(id)).as("the reaped guest's broker identity is removed").isFalse();
    }
    for (String id : List.of(unknownYoung, live)) {
      assertThat(Files.exists(root.resolve(id))).isTrue();
      assertThat(VmProcesses.referencing(root.resolve(id))).hasSize(1);
      assertThat(queueExists(topology.guestQueue(id))).isTrue();
      assertThat(canLogIn(id)).isTrue();
      rpc.deleteGuestQueue(id);
      access.revoke(id);
    }
  }

  /** A server directory with a volume, a process that names it and a guest queue. */
  private String server(Instant modified) throws Exception {
    String id = UUID.randomUUID().toString();
    Path dir = root.resolve(id);
    Files.createDirectories(dir.resolve("volume"));
    started.add(
        new ProcessBuilder("sh", "-c", "sleep 300", dir.resolve("volume") + "/")
            .redirectErrorStream(true)
            .start());
    rpc.declareGuestQueue(id);
    access.grant(id);
    Files.setLastModifiedTime(dir, FileTime.from(modified));
    return id;
  }

  private boolean canLogIn(String id) {
    try (Connection guest = Amqp.connect(credentials.uriFor(URI, id), "reaper-test-guest")) {
      return guest.isOpen();
    } catch (Exception e) {
      return false;
    }
  }

  private boolean queueExists(String name) throws Exception {
    Channel channel = connection.createChannel();
    try {
      channel.queueDeclarePassive(name);
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      if (channel.isOpen()) {
        channel.close();
      }
    }
  }
}
