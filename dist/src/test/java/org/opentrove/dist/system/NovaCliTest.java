package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.network.options.PortListOptions;
import org.openstack4j.model.storage.block.Volume;
import org.opentrove.activities.compute.nova.NovaNames;
import org.opentrove.temporal.WorkflowIds;

/**
 * The Nova tier: the whole system with {@code compute.driver: nova} on a loopback OpenStack, the
 * boot shim playing the hypervisor, driven through the real CLI. Create (server, volume and
 * security group visible through OpenStack's API with the instance's metadata), the data plane at
 * the server's address, a backup to Swift, resize of flavor and volume, restart, delete (no server,
 * volume, port or security group of the instance left).
 */
@ExtendWith(SharedCloud.class)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(TestLanes.SECOND)
class NovaCliTest {
  private static final String PROJECT = "novatenant";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static NovaSystem nova;
  private static TroveSystem system;
  private static TroveCli cli;
  private static OSClientV3 admin;

  @BeforeAll
  static void start() throws Exception {
    nova =
        NovaSystem.start(
            SharedCloud.get(),
            (cloud, services) -> services.backups = cloud.swiftStore("nova_backups"));
    system = nova.system;
    admin = nova.admin;
    cli = new TroveCli(system.api.base(), PROJECT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (nova != null) {
      nova.close();
    }
  }

  @Test
  void theWholeLifecycleOnNovaThroughTheCli() throws Exception {
    long began = System.nanoTime();
    JsonNode created =
        JSON.readTree(
            cli.ok(
                "database",
                "instance",
                "create",
                "nova-db",
                "--flavor",
                "1",
                "--size",
                "1",
                "--datastore",
                "postgresql",
                "--datastore-version",
                "15",
                "--databases",
                "appdb",
                "--users",
                "appuser:Sup3r-secret",
                "--locality",
                "anti-affinity",
                "--volume-type",
                "fake-ssd",
                "-f",
                "json"));
    String id = created.get("id").asText();
    JsonNode shown = awaitActive(id);
    assertThat(shown.path("locality").asText()).isEqualTo("anti-affinity");
    System.out.printf(
        "nova create through the CLI: ACTIVE after %d ms%n",
        (System.nanoTime() - began) / 1_000_000);

    Server server =
        admin
            .compute()
            .servers()
            .list(Map.of("name", NovaNames.of(id), "all_tenants", "1"))
            .stream()
            .map(s -> (Server) s)
            .findFirst()
            .orElseThrow();
    assertThat(server.getMetadata()).containsEntry(NovaNames.INSTANCE_KEY, id);
    assertThat(server.getFlavorId()).isEqualTo("1");
    assertThat(serverGroups(id))
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.getPolicies()).containsExactly("anti-affinity");
              assertThat(g.getMembers()).containsExactly(server.getId());
            });
    Volume volume =
        admin.blockStorage().volumes().get(server.getOsExtendedVolumesAttached().get(0));
    assertThat(volume.getMetaData()).containsEntry(NovaNames.INSTANCE_KEY, id);
    assertThat(volume.getSize()).isEqualTo(1);
    assertThat(volume.getVolumeType())
        .as("the type asked for, not the default")
        .isEqualTo("fake-ssd");
    assertThat(
            system
                .api
                .get(PROJECT, "/datastores/postgresql/versions/15/volume-types")
                .body()
                .path("volume_types")
                .findValuesAsText("name"))
        .contains("fake", "fake-ssd");
    assertThat(admin.networking().securitygroup().list(Map.of("name", NovaNames.of(id))))
        .hasSize(1);

    String address = shown.get("ip").get(0).asText();
    assertThat(address).startsWith("198.51.100.");
    write(address, 0, 1000);
    assertThat(count(address)).isEqualTo(1000);
    migrate(id, server.getId());
    assertThat(count(address)).as("the rows survive the move").isEqualTo(1000);

    String backup =
        JSON.readTree(cli.ok("database", "backup", "create", "nova-backup", "-i", id, "-f", "json"))
            .get("id")
            .asText();
    awaitBackup(backup);

    cli.ok("database", "instance", "resize", "flavor", id, "2");
    JsonNode resized = awaitActive(id);
    assertThat(resized.path("flavor").path("id").asText()).isEqualTo("2");
    assertThat(admin.compute().servers().get(server.getId()).getFlavorId()).isEqualTo("2");

    cli.ok("database", "instance", "resize", "volume", id, "2");
    JsonNode grown = awaitActive(id);
    assertThat(grown.path("volume").path("size").asInt()).isEqualTo(2);
    assertThat(admin.blockStorage().volumes().get(volume.getId()).getSize()).isEqualTo(2);
    assertThat(java.nio.file.Files.getFileStore(nova.diskOf(server.getId())).getTotalSpace())
        .as("the guest grew its filesystem (the hypervisor grows only the disk)")
        .isGreaterThan(19L * (1L << 30) / 10);

    cli.ok("database", "instance", "restart", id);
    awaitActive(id);
    assertThat(count(address)).isEqualTo(1000);

    cli.ok("database", "backup", "delete", backup);
    cli.ok("database", "instance", "delete", id);
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (cli.run("database", "instance", "show", id).exitCode() == 0) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(500);
    }
    assertThat(admin.compute().servers().list(Map.of("name", NovaNames.of(id), "all_tenants", "1")))
        .isEmpty();
    assertThat(admin.blockStorage().volumes().get(volume.getId())).isNull();
    assertThat(admin.networking().securitygroup().list(Map.of("name", NovaNames.of(id)))).isEmpty();
    assertThat(admin.networking().port().list(PortListOptions.create().deviceId(server.getId())))
        .isEmpty();
    assertThat(serverGroups(id)).isEmpty();
  }

  /** Trove's locality group of the instance, as the service user (its owner) lists them. */
  private static java.util.List<? extends org.openstack4j.model.compute.ServerGroup> serverGroups(
      String id) {
    return new org.opentrove.activities.openstack.OpenStackSession(
            nova.cloud.novaConfig().openstack)
        .client().compute().serverGroups().list().stream()
            .filter(g -> ("locality_" + id).equals(g.getName()))
            .toList();
  }

  /**
   * Nova refusing a create (a quota of no instances): ERROR with Nova's reason in the fault and
   * nothing left in OpenStack; once the quota allows it, retrying the operation builds the
   * instance.
   */
  @Test
  void aCreateNovaRefusesFailsWithItsReasonAndTheRetryAfterTheFixBuilds() throws Exception {
    String project = admin.identity().projects().getByName("service", "default").getId();
    admin.compute().quotaSets().updateForTenant(project, Builders.quotaSet().instances(0).build());
    String id;
    try {
      id = system.create(PROJECT, "refused");
      JsonNode failed =
          system
              .api
              .awaitInstance(PROJECT, id, ApiClient.status("ERROR"), Duration.ofSeconds(120))
              .get("instance");
      assertThat(failed.path("fault").path("details").asText()).contains("Quota exceeded");
      assertThat(
              admin.compute().servers().list(Map.of("name", NovaNames.of(id), "all_tenants", "1")))
          .isEmpty();
      assertThat(
              admin
                  .blockStorage()
                  .volumes()
                  .list(Map.of("name", NovaNames.of(id), "all_tenants", "1")))
          .isEmpty();
      assertThat(admin.networking().securitygroup().list(Map.of("name", NovaNames.of(id))))
          .isEmpty();
    } finally {
      admin
          .compute()
          .quotaSets()
          .updateForTenant(project, Builders.quotaSet().instances(100).build());
    }
    String operation = WorkflowIds.instanceCreate(UUID.fromString(id));
    assertThat(system.api.post(PROJECT, "/operations/" + operation + "/retry", "").status())
        .isEqualTo(202);
    awaitActive(id);
    system.deleteAndAwaitGone(PROJECT, id);
  }

  /**
   * Trove's admin migrate: Nova moves the server (one compute host here, where Nova may resize to
   * the same host) and the move is confirmed; the datastore stops before and starts after.
   */
  private static void migrate(String id, String serverId) throws Exception {
    ApiClient.Answer migrate = system.api.mgmtAction(id, "{\"migrate\": {}}");
    assertThat(migrate.status()).as(String.valueOf(migrate.body())).isEqualTo(202);
    String operationId = migrate.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    JsonNode operation;
    do {
      Thread.sleep(500);
      operation = system.api.get(PROJECT, "/operations/" + operationId).body().path("operation");
    } while (!operation.path("state").asText().matches("SUCCEEDED|FAILED")
        && System.nanoTime() < deadline);
    assertThat(operation.path("state").asText()).as(operation.toString()).isEqualTo("SUCCEEDED");
    assertThat(operation.path("steps").findValuesAsText("name"))
        .containsExactly(
            "stop-datastore", "migrate-server", "restart-datastore", "wait-for-datastore");
    Server moved = admin.compute().servers().get(serverId);
    assertThat(moved.getStatus()).isEqualTo(Server.Status.ACTIVE);
    assertThat(moved.getMetadata())
        .containsEntry("opentrove_migrated_for", operationId)
        .containsKeys(NovaNames.INSTANCE_KEY, NovaNames.MANAGED_KEY);
    assertThat(awaitActive(id).path("status").asText()).isEqualTo("ACTIVE");
  }

  private static JsonNode awaitActive(String id) throws Exception {
    return system
        .api
        .awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(180))
        .get("instance");
  }

  private static void awaitBackup(String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    JsonNode backup;
    do {
      Thread.sleep(500);
      backup = JSON.readTree(cli.ok("database", "backup", "show", id, "-f", "json"));
    } while (!backup.get("status").asText().matches("COMPLETED|FAILED")
        && System.nanoTime() < deadline);
    assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("COMPLETED");
  }

  private static Connection connect(String address) throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + address + ":5432/appdb?sslmode=disable&connectTimeout=10",
        "appuser",
        "Sup3r-secret");
  }

  private static void write(String address, int from, int count) throws Exception {
    try (Connection c = connect(address);
        Statement s = c.createStatement()) {
      s.execute("create table if not exists items (id int primary key, payload text)");
      s.execute(
          "insert into items select g, md5(g::text) from generate_series("
              + from
              + ", "
              + (from + count - 1)
              + ") g");
    }
  }

  private static long count(String address) throws Exception {
    try (Connection c = connect(address);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select count(*) from items")) {
      r.next();
      return r.getLong(1);
    }
  }
}
