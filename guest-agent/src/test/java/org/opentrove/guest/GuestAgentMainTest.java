package org.opentrove.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.GuestMethods;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.Reply;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.contract.Topology;
import org.opentrove.contract.UserSpec;
import org.opentrove.guest.rpc.TestRpcClient;

/**
 * The agent as the control plane runs it: a separate JVM started with {@code --config} and {@code
 * --instance-id}, driven over the real broker, prepared against real PostgreSQL, stopped by
 * SIGTERM.
 */
class GuestAgentMainTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final String instanceId = UUID.randomUUID().toString();
  private final Topology topology = TestRpcClient.uniqueTopology();
  private com.rabbitmq.client.Connection connection;
  private TestRpcClient client;
  private Path base;
  private Process agent;

  @BeforeEach
  void setUp() throws IOException {
    connection = TestBroker.connectOrSkip("guest-agent-main-test");
    client = new TestRpcClient(connection, topology, instanceId);
    base = TestDirs.traversableTempDir("guest-agent-main");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (agent != null && agent.isAlive()) {
      agent.destroy();
      agent.waitFor(60, TimeUnit.SECONDS);
    }
    if (client != null) {
      client.close();
      connection.close();
    }
    TestDirs.deleteTree(base);
  }

  @Test
  void preparesOverAmqpReportsHealthyAndStopsPostgresOnSigterm() throws Exception {
    Path dataDir = TestDirs.traversableChild(base, "volume");
    int port = TestDirs.freePort();
    Path config = writeConfig(dataDir);
    Path log = base.resolve("agent.log");
    agent =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                GuestAgentMain.class.getName(),
                "--config",
                config.toString(),
                "--instance-id",
                instanceId)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();

    client.awaitHeartbeat(h -> h.serviceStatus() == ServiceStatus.NEW, TIMEOUT);
    long started = System.nanoTime();
    client.cast(
        GuestMethods.PREPARE,
        new PrepareArgs(
            "postgresql",
            "15",
            port,
            256,
            List.of(new DatabaseSpec("shop", null, null)),
            List.of(new UserSpec("shopper", "pa55word", "%", List.of("shop")))),
        new RequestContext("req-1", "proj-1", "op-1", "prepare"));
    client.awaitHeartbeat(h -> h.serviceStatus() == ServiceStatus.HEALTHY, TIMEOUT);
    System.out.println(
        "prepare over AMQP until the HEALTHY heartbeat: "
            + (System.nanoTime() - started) / 1_000_000
            + " ms");

    Reply status = client.call(GuestMethods.GET_STATUS, Map.of(), RequestContext.none(), TIMEOUT);
    assertThat(status.result().get("service_status").asText()).isEqualTo("HEALTHY");
    try (java.sql.Connection db =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/shop?sslmode=disable",
                "shopper",
                "pa55word");
        Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery("select 1")) {
      assertThat(rs.next()).isTrue();
    }

    agent.destroy();
    assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(portOpen(port)).isFalse();
    String output = Files.readString(log);
    assertThat(output)
        .contains("shutting down")
        .doesNotContain("pa55word")
        .doesNotContain("guest:guest");
  }

  private Path writeConfig(Path dataDir) throws IOException {
    Properties p = new Properties();
    p.setProperty("instance_id", instanceId);
    p.setProperty("amqp_uri", TestBroker.URI);
    p.setProperty("exchange", topology.exchange());
    p.setProperty("conductor_queue", topology.conductorQueue());
    p.setProperty("heartbeat_interval_seconds", "0.5");
    p.setProperty("data_dir", dataDir.toString());
    p.setProperty("datastore", "postgresql");
    Path file =
        Files.createFile(
            base.resolve("guest.properties"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(writer, null);
    }
    return file;
  }

  private static boolean portOpen(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }
}
