package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.activities.compute.DockerRuntimeConfig;
import org.opentrove.containers.DatastoreContainers;
import org.opentrove.containers.DockerEngine;

/**
 * The compute driver makes and starts an instance's container; when it is gone anyway (an
 * operator's {@code docker rm -f} while the guest was down), the guest, started again, runs a new
 * one itself on the same volume, with the same limits, and the tenant's data is still there.
 */
class ContainerRecoveryTest {
  private static final String PROJECT = "recovery";
  private static TroveSystem system;
  private static DockerClient docker;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(TestServices.runtime().equals("docker"), "runs with -Dtrove.runtime=docker");
    system = TroveSystem.start();
    docker = DockerEngine.connect(new DockerRuntimeConfig().host);
  }

  @AfterAll
  static void stop() throws Exception {
    if (system != null) {
      system.close();
    }
    if (docker != null) {
      docker.close();
    }
  }

  @Test
  void aGuestStartedAfterItsContainerWasRemovedRunsANewOneOnTheSameVolume() throws Exception {
    TenantInstances tenant = new TenantInstances(system.api, PROJECT);
    String id = tenant.create("postgresql");
    system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(180));
    int port = system.vm(id).port().orElseThrow();
    JsonNode root = tenant.enableRoot(id);
    String user = root.get("name").asText();
    String password = root.get("password").asText();
    execute(port, user, password, "CREATE TABLE kept AS SELECT generate_series(1, 1000) AS n");
    String name = DatastoreContainers.name(id);
    String before = docker.inspectContainerCmd(name).exec().getId();

    ProcessHandle guest = system.guestAgentsOf(id).get(0);
    List<String> command = commandLine(guest);
    guest.destroyForcibly();
    guest.onExit().get();
    docker.removeContainerCmd(name).withForce(true).exec();

    ProcessHandle restarted = relaunch(command);
    try {
      assertThat(awaitCount(port, user, password, Duration.ofSeconds(120))).isEqualTo(1000);
      system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(60));
      InspectContainerResponse after = docker.inspectContainerCmd(name).exec();
      assertThat(after.getId()).as("a new container").isNotEqualTo(before);
      assertThat(after.getHostConfig().getMemory()).isEqualTo(512L * 1024 * 1024);
      assertThat(after.getHostConfig().getReadonlyRootfs()).isTrue();
    } finally {
      system.deleteAndCheckNothingLeft(PROJECT, List.of(id));
      restarted.destroyForcibly();
    }
  }

  /** The guest's own command line, as the compute driver starts it (in its own session). */
  private static ProcessHandle relaunch(List<String> guestCommand) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("setsid"));
    command.addAll(guestCommand);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .toHandle();
  }

  private static List<String> commandLine(ProcessHandle process) throws java.io.IOException {
    String raw =
        java.nio.file.Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
    return List.of(raw.split("\0"));
  }

  private static void execute(int port, String user, String password, String sql)
      throws SQLException {
    try (Connection conn = connect(port, user, password);
        Statement statement = conn.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The rows, once the datastore answers again. */
  private static int awaitCount(int port, String user, String password, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return count(port, user, password);
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static int count(int port, String user, String password) throws SQLException {
    try (Connection conn = connect(port, user, password);
        Statement statement = conn.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM kept")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Connection connect(int port, String user, String password) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable", user, password);
  }
}
