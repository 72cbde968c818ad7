package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.activities.compute.DockerRuntimeConfig;
import org.opentrove.containers.DatastoreContainers;
import org.opentrove.containers.DockerEngine;
import org.opentrove.guest.AdminCredentials;

/**
 * The attack of issue 10 on the docker runtime: a tenant enables root, then runs programs through
 * PostgreSQL ({@code COPY ... FROM PROGRAM}) and reads and writes files through MariaDB ({@code
 * LOAD_FILE}, {@code SELECT ... INTO OUTFILE}). Everything it reaches is its own container: its own
 * uid, only its volume of the host's files, the flavor's memory limit, and no connection to the
 * control plane (its loopback is the container's; the bridge's gateway and the other containers
 * drop what it starts).
 */
class DockerRuntimeIsolationTest {
  private static final String PROJECT = "isolation";
  private static final int FLAVOR_RAM_MB = 512;
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
  void aTenantsRootSeesOnlyItsOwnContainer() throws Exception {
    String a = tenant().create("postgresql");
    String b = tenant().create("postgresql");
    String m = tenant().create("mariadb");
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String id : List.of(a, b, m)) {
      system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(180));
      ports.put(id, system.vm(id).port().orElseThrow());
    }
    String gateway = gateway(a);
    String bAddress = containerAddress(b);

    JsonNode root = tenant().enableRoot(a);
    try (Connection conn =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + ports.get(a) + "/postgres?sslmode=disable",
            root.get("name").asText(),
            root.get("password").asText())) {
      DatastoreShell shell = new DatastoreShell(conn);
      int uid = Integer.parseInt(shell.run("id -u").output());
      assertThat(uid).as("A's uid").isGreaterThanOrEqualTo(100_000);
      assertThat(Integer.parseInt(runIn(b, "id -u"))).as("B's uid").isNotEqualTo(uid);
      assertThat(shell.run("cat /sys/fs/cgroup/memory/memory.limit_in_bytes").output())
          .as("A's memory limit")
          .isEqualTo(Long.toString(FLAVOR_RAM_MB * 1024L * 1024L));

      Path workDir = system.services.workDir;
      Map<String, Path> absent = new LinkedHashMap<>();
      absent.put("B's volume", system.vm(b).volume());
      absent.put("B's password file", new AdminCredentials(system.vm(b).volume()).file());
      absent.put("B's agent settings", system.vm(b).config());
      absent.put("A's own password file", new AdminCredentials(system.vm(a).volume()).file());
      absent.put("A's own agent settings", system.vm(a).config());
      absent.put("A's own agent log", system.vm(a).log());
      absent.put("the control plane's configuration", workDir.resolve("app.yml"));
      for (Map.Entry<String, Path> target : absent.entrySet()) {
        DatastoreShell.Result result = shell.run("ls -d " + target.getValue());
        System.out.printf("as A's root: ls %s -> %s%n", target.getKey(), result);
        assertThat(result.exitCode()).as(target.getKey()).isNotZero();
        assertThat(result.output()).as(target.getKey()).contains("No such file or directory");
      }
      // The volume is mounted at its host path: the directories above it are empty shells.
      assertThat(shell.run("ls -A " + workDir).output()).isEqualTo("servers");
      assertThat(shell.run("ls -A " + system.vm(a).root()).output()).isEqualTo("volume");

      Map<String, Integer> services = new LinkedHashMap<>();
      services.put("control-plane PostgreSQL", 5432);
      services.put("broker", java.net.URI.create(system.services.amqpUri).getPort());
      services.put("Temporal", system.services.temporal.port());
      services.put("API", system.app.getLocalPort());
      services.put("admin port", system.app.getAdminPort());
      services.put("instance B", ports.get(b));
      for (Map.Entry<String, Integer> service : services.entrySet()) {
        for (String host : List.of("127.0.0.1", gateway)) {
          assertBlocked(shell, service.getKey() + " at " + host, host, service.getValue());
        }
      }
      assertBlocked(shell, "B's container", bAddress, ports.get(b));
      assertBlocked(shell, "an address beyond the host", "192.0.2.1", 80);
    }

    new MariaDbFileConfinement(system).assertConfined(m, b, tenant().enableRoot(m));

    system.deleteAndCheckNothingLeft(PROJECT, List.of(a, b, m));
    DatastoreContainers containers = new DatastoreContainers(docker);
    for (String id : List.of(a, b, m)) {
      assertThat(containers.inspect(id)).as("container of " + id).isEmpty();
    }
  }

  private static void assertBlocked(DatastoreShell shell, String what, String host, int port)
      throws SQLException {
    DatastoreShell.Result result =
        shell.run("timeout 3 bash -c '</dev/tcp/" + host + "/" + port + "'");
    System.out.printf("as A's root: connect to %s (%s:%d) -> %s%n", what, host, port, result);
    assertThat(result.exitCode()).as(what).isNotZero();
  }

  /** A command in the instance's container as its datastore's user (not through the tenant). */
  private static String runIn(String instanceId, String command) throws Exception {
    InspectContainerResponse container =
        docker.inspectContainerCmd(DatastoreContainers.name(instanceId)).exec();
    Process process =
        new ProcessBuilder(
                "docker",
                "-H",
                new DockerRuntimeConfig().host,
                "exec",
                "-u",
                java.util.Arrays.stream(container.getConfig().getEnv())
                    .filter(e -> e.startsWith("TROVE_UID="))
                    .findFirst()
                    .orElseThrow()
                    .substring("TROVE_UID=".length()),
                container.getId(),
                "sh",
                "-c",
                command)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes()).strip();
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }

  /** The bridge's address on the host, as the instance's container sees it. */
  private static String gateway(String instanceId) {
    return network(instanceId).getGateway();
  }

  private static String containerAddress(String instanceId) {
    return network(instanceId).getIpAddress();
  }

  private static ContainerNetwork network(String instanceId) {
    return docker
        .inspectContainerCmd(DatastoreContainers.name(instanceId))
        .exec()
        .getNetworkSettings()
        .getNetworks()
        .get(new DockerRuntimeConfig().network);
  }

  private static TenantInstances tenant() {
    return new TenantInstances(system.api, PROJECT);
  }
}
