package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentrove.activities.compute.DockerRuntimeConfig;
import org.opentrove.containers.DatastoreContainers;
import org.opentrove.containers.DockerEngine;
import org.opentrove.contract.GuestSettings;

/**
 * Day-2 changes through Debian's troveclient CLI on PostgreSQL and MariaDB (run on both runtimes):
 * resize flavor (the engine's memory setting and, on docker, the container's limits follow the
 * flavor), resize volume (the datastore's filesystem shows the new size), rename, the
 * administrator's reboot; Trove's refusals, which change nothing; and a flavor the datastore cannot
 * start on, which is reverted.
 */
class DayTwoCliTest {
  private static final String PROJECT = "resize";

  /** More memory than this host has: its buffer pool or shared buffers cannot be mapped. */
  private static final String HUGE_FLAVOR = "x-huge";

  private static TroveSystem system;
  private static TroveCli cli;

  @BeforeAll
  static void start() throws Exception {
    system = TroveSystem.start();
    cli = new TroveCli(system.api.base(), PROJECT);
    system.jdbi.useHandle(
        h ->
            h.execute(
                "insert into flavors (id, name, ram_mb, vcpus, disk_gb) values"
                    + " (?, 'x.huge', 4194304, 1, 0) on conflict do nothing",
                HUGE_FLAVOR));
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"postgresql", "mariadb"})
  void resizeAndRenameThroughTheCli(String datastore) throws Exception {
    TenantInstances tenant = new TenantInstances(system.api, PROJECT);
    String id = tenant.create(datastore);
    JsonNode created = awaitActive(id);
    JsonNode root = tenant.enableRoot(id);
    Engine engine =
        new Engine(
            datastore,
            created.path("port").asInt(),
            root.get("name").asText(),
            root.get("password").asText());
    engine.createChecksummedTable();
    assertThat(engine.memorySettingMb()).as("m1.tiny: a quarter of 512 MB").isEqualTo(128);
    assertContainerLimits(id, 512, 1);

    assertRefusalsChangeNothing(id);

    long began = System.nanoTime();
    cli.ok("database", "instance", "resize", "flavor", id, "2");
    JsonNode resized = awaitActive(id);
    System.out.printf(
        "%s resize flavor through the CLI: ACTIVE again after %d ms%n",
        datastore, (System.nanoTime() - began) / 1_000_000);
    assertThat(resized.path("flavor").path("id").asText()).isEqualTo("2");
    assertThat(engine.memorySettingMb()).as("m1.small: a quarter of 2048 MB").isEqualTo(512);
    assertContainerLimits(id, 2048, 1);
    assertThat(engine.checksum()).isEqualTo(engine.expectedChecksum());

    long sizeBefore = datastoreVolumeBytes(id);
    cli.ok("database", "instance", "resize", "volume", id, "3");
    JsonNode grown = awaitActive(id);
    assertThat(grown.path("volume").path("size").asInt()).isEqualTo(3);
    long sizeAfter = datastoreVolumeBytes(id);
    System.out.printf(
        "%s volume as the datastore sees it: %d MiB before, %d MiB after%n",
        datastore, sizeBefore >> 20, sizeAfter >> 20);
    assertThat(sizeAfter).isGreaterThan(2_900L << 20).isGreaterThan(sizeBefore + (900L << 20));
    assertThat(engine.checksum()).isEqualTo(engine.expectedChecksum());

    cli.ok("database", "instance", "update", id, "--name", datastore + "-renamed");
    assertThat(awaitActive(id).path("name").asText()).isEqualTo(datastore + "-renamed");

    assertRebootRestartsTheServer(id, engine);

    assertRevertedFromAFlavorItCannotStartOn(id, engine);

    assertOperationsRecorded(id);
    system.deleteAndCheckNothingLeft(PROJECT, List.of(id));
    if (dockerRuntime()) {
      try (DatastoreContainers containers = containers()) {
        assertThat(containers.inspect(id)).as("container of " + id).isEmpty();
      }
    }
  }

  /**
   * The administrator's reboot restarts the server: a new guest process, the datastore started
   * again (and, on docker, the container), the data there. A tenant may not reboot.
   */
  private static void assertRebootRestartsTheServer(String id, Engine engine) throws Exception {
    assertThat(cli.run("database", "instance", "reboot", id).exitCode())
        .as("a tenant's reboot is refused")
        .isNotZero();
    long guestBefore = system.guestAgentsOf(id).get(0).pid();
    double startedBefore = engine.startedAt();
    String containerStartedBefore = containerStartedAt(id);
    long began = System.nanoTime();
    new TroveCli(system.api.base(), PROJECT, TestServices.ADMIN_TOKEN)
        .ok("database", "instance", "reboot", id);
    awaitActive(id);
    System.out.printf(
        "reboot through the CLI: ACTIVE again after %d ms%n",
        (System.nanoTime() - began) / 1_000_000);
    assertThat(system.guestAgentsOf(id)).hasSize(1);
    assertThat(system.guestAgentsOf(id).get(0).pid()).isNotEqualTo(guestBefore);
    assertThat(engine.startedAt()).isGreaterThan(startedBefore);
    if (dockerRuntime()) {
      assertThat(containerStartedAt(id)).isNotEqualTo(containerStartedBefore);
    }
    assertThat(engine.checksum()).isEqualTo(engine.expectedChecksum());
  }

  private static String containerStartedAt(String id) {
    if (!dockerRuntime()) {
      return "";
    }
    try (DatastoreContainers containers = containers()) {
      return containers.inspect(id).orElseThrow().getState().getStartedAt();
    }
  }

  /**
   * Trove's refusals, each before anything changes: the same flavor, an unknown one, a volume that
   * does not grow, one over the maximum, both at once (the volume is taken, as Trove does), a
   * second resize while one runs.
   */
  private static void assertRefusalsChangeNothing(String id) throws Exception {
    assertRefused(
        id,
        "{\"resize\": {\"flavorRef\": \"1\"}}",
        400,
        "badRequest",
        "The new flavor id must be different than the current flavor id of '1'.");
    assertRefused(
        id,
        "{\"resize\": {\"flavorRef\": \"no-such-flavor\"}}",
        400,
        "badRequest",
        "Resource no-such-flavor cannot be found.");
    assertRefused(
        id,
        "{\"resize\": {\"volume\": {\"size\": 1}}}",
        400,
        "badRequest",
        "The new volume 'size' must be larger than the current volume size of '1'.");
    assertRefused(
        id,
        "{\"resize\": {\"volume\": {\"size\": 100000}}}",
        413,
        "overLimit",
        "Volume 'size' cannot exceed maximum of 1000 GB, 100000 cannot be accepted.");
    assertRefused(
        id,
        "{\"resize\": {\"volume\": {\"size\": 1}, \"flavorRef\": \"2\"}}",
        400,
        "badRequest",
        "The new volume 'size' must be larger than the current volume size of '1'.");
    assertThat(cli.run("database", "instance", "resize", "flavor", id, "1").exitCode())
        .as("the CLI shows the refusal")
        .isNotZero();

    ApiClient.Answer first =
        system.api.post(
            PROJECT, "/instances/" + id + "/action", "{\"resize\": {\"volume\": {\"size\": 2}}}");
    assertThat(first.status()).isEqualTo(202);
    assertRefused(
        id,
        "{\"resize\": {\"flavorRef\": \"2\"}}",
        422,
        "unprocessableEntity",
        "Instance "
            + id
            + " is not currently available for an action to be performed (task status was"
            + " RESIZING).");
    assertThat(awaitActive(id).path("volume").path("size").asInt()).isEqualTo(2);

    JsonNode view = awaitActive(id);
    assertThat(view.path("flavor").path("id").asText()).isEqualTo("1");
    assertThat(view.has("fault")).isFalse();
  }

  private static void assertRefused(
      String id, String body, int status, String fault, String message) {
    ApiClient.Answer answer = system.api.post(PROJECT, "/instances/" + id + "/action", body);
    assertThat(answer.status()).as(body + " -> " + answer.body()).isEqualTo(status);
    assertThat(answer.body().path(fault).path("message").asText()).isEqualTo(message);
    assertThat(answer.body().path(fault).path("code").asInt()).isEqualTo(status);
  }

  /**
   * A flavor with more memory than the host: the datastore cannot map its buffers and does not
   * start, so the resize reverts. The instance is ACTIVE on its old flavor, with a fault, its
   * datastore sized for it, its data there, and exactly one guest (and container).
   */
  private static void assertRevertedFromAFlavorItCannotStartOn(String id, Engine engine)
      throws Exception {
    ApiClient.Answer resize =
        system.api.post(
            PROJECT,
            "/instances/" + id + "/action",
            "{\"resize\": {\"flavorRef\": \"" + HUGE_FLAVOR + "\"}}");
    assertThat(resize.status()).isEqualTo(202);
    String operationId = resize.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
    JsonNode reverted =
        system.api.awaitInstance(
            PROJECT,
            id,
            a -> ApiClient.status("ACTIVE").test(a) && a.body().path("instance").has("fault"),
            Duration.ofSeconds(180));
    assertThat(reverted.path("instance").path("flavor").path("id").asText()).isEqualTo("2");
    String fault = reverted.path("instance").path("fault").path("details").asText();
    System.out.println("reverted resize's fault: " + fault);
    assertThat(fault).endsWith("reverted to flavor 2");
    JsonNode operation = system.api.get(PROJECT, "/operations/" + operationId).body();
    assertThat(operation.toString()).contains("\"FAILED\"", "revert-resize");
    assertThat(engine.memorySettingMb()).isEqualTo(512);
    assertContainerLimits(id, 2048, 1);
    assertThat(engine.checksum()).isEqualTo(engine.expectedChecksum());
    assertThat(system.guestAgentsOf(id)).as("exactly one guest").hasSize(1);
  }

  private static void assertOperationsRecorded(String id) {
    JsonNode operations =
        system.api.get(PROJECT, "/instances/" + id + "/operations").body().path("operations");
    List<String> seen = new ArrayList<>();
    operations.forEach(
        op -> {
          String type = op.path("type").asText();
          List<String> steps = op.path("steps").findValuesAsText("name");
          seen.add(type + " " + op.path("state").asText() + " " + steps);
        });
    assertThat(seen)
        .contains(
            "instance-resize-volume SUCCEEDED [grow-volume, grow-filesystem]",
            "instance-resize-flavor SUCCEEDED [resize-server, start-on-flavor,"
                + " wait-for-datastore]",
            "instance-resize-volume SUCCEEDED [grow-volume, grow-filesystem]",
            "instance-update SUCCEEDED []",
            "instance-reboot SUCCEEDED [reboot-server, wait-for-datastore]",
            "instance-resize-flavor FAILED [resize-server, start-on-flavor, revert-resize]");
  }

  /** The size of the filesystem the datastore's data is on, as the datastore's side sees it. */
  private static long datastoreVolumeBytes(String id) throws Exception {
    Path volume = system.vm(id).root().resolve("volume");
    if (!dockerRuntime()) {
      return Files.getFileStore(volume).getTotalSpace();
    }
    Process df =
        new ProcessBuilder(
                "docker",
                "-H",
                new DockerRuntimeConfig().host,
                "exec",
                DatastoreContainers.name(id),
                "df",
                "-P",
                "-k",
                volume.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(df.getInputStream().readAllBytes()).strip();
    assertThat(df.waitFor()).as(out).isZero();
    String[] last = out.lines().reduce((a, b) -> b).orElseThrow().trim().split("\\s+");
    return Long.parseLong(last[1]) * 1024;
  }

  private static void assertContainerLimits(String id, int memoryMb, int vcpus) {
    if (!dockerRuntime()) {
      return;
    }
    try (DatastoreContainers containers = containers()) {
      HostConfig host = containers.inspect(id).orElseThrow().getHostConfig();
      assertThat(host.getMemory()).isEqualTo(memoryMb * 1024L * 1024L);
      assertThat(host.getMemorySwap()).isEqualTo(memoryMb * 1024L * 1024L);
      assertThat(host.getNanoCPUs()).isEqualTo(vcpus * 1_000_000_000L);
    }
  }

  private static boolean dockerRuntime() {
    return GuestSettings.RUNTIME_DOCKER.equals(TestServices.runtime());
  }

  private static DatastoreContainers containers() {
    DockerClient docker = DockerEngine.connect(new DockerRuntimeConfig().host);
    return new DatastoreContainers(docker);
  }

  private static JsonNode awaitActive(String id) throws InterruptedException {
    return system
        .api
        .awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120))
        .path("instance");
  }

  /** The instance's server, as its root user: memory settings and a table to checksum. */
  private record Engine(String datastore, int port, String user, String password) {
    private static final int ROWS = 20_000;

    Connection connect() throws Exception {
      String url =
          datastore.equals("postgresql")
              ? "jdbc:postgresql://127.0.0.1:" + port + "/postgres"
              : "jdbc:mariadb://127.0.0.1:" + port + "/mysql";
      return DriverManager.getConnection(url, user, password);
    }

    /** When the server process started (epoch seconds). */
    double startedAt() throws Exception {
      String sql =
          datastore.equals("postgresql")
              ? "select extract(epoch from pg_postmaster_start_time())"
              : "select unix_timestamp(now(6)) - variable_value"
                  + " from information_schema.global_status where variable_name = 'UPTIME'";
      try (Connection c = connect();
          Statement s = c.createStatement();
          ResultSet row = s.executeQuery(sql)) {
        row.next();
        return row.getDouble(1);
      }
    }

    /** shared_buffers or innodb_buffer_pool_size, in MB. */
    long memorySettingMb() throws Exception {
      String sql =
          datastore.equals("postgresql")
              ? "select setting::bigint * 8 / 1024 from pg_settings where name = 'shared_buffers'"
              : "select @@innodb_buffer_pool_size div 1048576";
      return single(sql);
    }

    void createChecksummedTable() throws Exception {
      try (Connection c = connect();
          Statement s = c.createStatement()) {
        if (datastore.equals("postgresql")) {
          s.execute(
              "create table proof as select g as id, md5(g::text) as v"
                  + " from generate_series(1, "
                  + ROWS
                  + ") g");
        } else {
          s.execute("create database proofdb");
          s.execute("create table proofdb.proof (id int primary key, v char(32))");
          s.execute("insert into proofdb.proof select seq, md5(seq) from seq_1_to_" + ROWS);
        }
      }
    }

    long checksum() throws Exception {
      return single(
          datastore.equals("postgresql")
              ? "select sum(('x' || substr(v, 1, 8))::bit(32)::bigint) from proof"
              : "select sum(conv(substr(v, 1, 8), 16, 10)) from proofdb.proof");
    }

    long expectedChecksum() throws Exception {
      long sum = 0;
      java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
      for (int i = 1; i <= ROWS; i++) {
        byte[] digest =
            md5.digest(Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        sum +=
            ((digest[0] & 0xffL) << 24)
                | ((digest[1] & 0xffL) << 16)
                | ((digest[2] & 0xffL) << 8)
                | (digest[3] & 0xffL);
      }
      return sum;
    }

    private long single(String sql) throws Exception {
      try (Connection c = connect();
          Statement s = c.createStatement();
          ResultSet row = s.executeQuery(sql)) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
