package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.activities.compute.isolation.EgressRules;
import org.opentrove.contract.GuestSettings;

/**
 * Replicas through Debian's troveclient CLI on PostgreSQL (run on both runtimes): {@code instance
 * create --replica-of}, Trove's {@code replica_of}/{@code replicas} shapes, a write on the source
 * read on the replica within a second, a write on the replica refused, the replica's one network
 * path (to its source's port), Trove's refusals, and {@code instance detach}, after which the
 * replica takes writes and its slot, account and path on the source are gone.
 */
class ReplicaCliTest {
  private static final String PROJECT = "replicas";
  private static final String MARIADB_DATABASE = "appdb";
  private static final String MARIADB_PASSWORD = "app-Passw0rd";

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private static TroveSystem system;
  private static TroveCli cli;

  @BeforeAll
  static void start() throws Exception {
    system = TroveSystem.start();
    cli = new TroveCli(system.api.base(), PROJECT);
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  void replicaFollowsItsSourceAndDetaches() throws Exception {
    Source created = newSource();
    String sourceId = created.id();
    JsonNode source = created.view();
    Server primary = created.server();

    cli.ok("database", "instance", "create", "follower", "--replica-of", sourceId);
    String replicaId = replicaNamed("follower");
    JsonNode replicaView = awaitActive(replicaId);
    assertThat(replicaView.path("replica_of").path("id").asText()).isEqualTo(sourceId);
    assertThat(replicaView.path("replica_of").path("links").size()).isEqualTo(2);
    assertThat(replicaView.path("flavor").path("id").asText()).isEqualTo("1");
    assertThat(replicaView.path("volume").path("size").asInt()).isEqualTo(1);
    JsonNode sourceView = awaitActive(sourceId);
    assertThat(sourceView.path("replicas").findValuesAsText("id")).containsExactly(replicaId);
    assertThat(cli.ok("database", "instance", "list")).contains("replica").contains("primary");
    assertOperationSteps(replicaId);

    Server replica = primary.at(replicaView.path("port").asInt());
    long lagMs = insertAndAwaitOnReplica(primary, replica, 1);
    System.out.printf("a write on the source was read on the replica after %d ms%n", lagMs);
    assertThat(lagMs).isLessThan(1000);
    assertThatThrownBy(() -> replica.execute("insert into events values (2)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("read-only");
    assertThat(primary.slots()).containsExactly(slotOf(replicaId) + " active");
    assertOnlyPathIsToTheSource(replicaId, source.path("port").asInt());

    assertRefusals(sourceId, replicaId);

    cli.ok("database", "instance", "detach", replicaId);
    JsonNode detached = awaitActive(replicaId);
    assertThat(detached.has("replica_of")).isFalse();
    assertThat(awaitActive(sourceId).has("replicas")).isFalse();
    replica.execute("insert into events values (2)");
    assertThat(replica.count()).isEqualTo(2);
    assertThat(primary.count()).isEqualTo(1);
    assertThat(primary.slots()).isEmpty();
    assertThat(linkRules(replicaId)).isEmpty();

    system.deleteAndCheckNothingLeft(PROJECT, List.of(replicaId, sourceId));
  }

  /**
   * MariaDB through the CLI: a replica restored from a backup of its source (the backup listed
   * while it is needed, removed after) follows it by GTID read-only; {@code instance promote} under
   * a steady write load loses no acknowledged write and the old source follows the new one; {@code
   * instance detach} then leaves the old source a read-write standalone.
   */
  @Test
  void mariaDbReplicaFollowsIsPromotedAndDetaches() throws Exception {
    String sourceId =
        JSON.readTree(
                cli.ok(
                    "database",
                    "instance",
                    "create",
                    "maria",
                    "--flavor",
                    "1",
                    "--size",
                    "1",
                    "--datastore",
                    "mariadb",
                    "--datastore-version",
                    "10.11",
                    "--databases",
                    MARIADB_DATABASE,
                    "--users",
                    "app:" + MARIADB_PASSWORD,
                    "-f",
                    "json"))
            .get("id")
            .asText();
    JsonNode sourceView = awaitActive(sourceId);
    Server source = new Server("mariadb", sourceView.path("port").asInt(), "app", MARIADB_PASSWORD);
    source.execute("create table events (id bigint primary key)");
    source.execute("insert into events values (0)");

    cli.ok("database", "instance", "create", "maria-r", "--replica-of", sourceId);
    String replicaId = replicaNamed("maria-r");
    JsonNode replicaView = awaitActive(replicaId);
    assertThat(replicaView.path("replica_of").path("id").asText()).isEqualTo(sourceId);
    assertThat(awaitActive(sourceId).path("replicas").findValuesAsText("id"))
        .containsExactly(replicaId);
    assertThat(operationSteps(replicaId))
        .containsExactly(
            "create-queue-and-volume",
            "create-server",
            "link-to-source",
            "snapshot-source",
            "prepare-guest",
            "wait-for-guest",
            "remove-source-snapshot");
    assertThat(system.api.get(PROJECT, "/backups").body().findValuesAsText("name"))
        .as("the snapshot is removed once the replica runs")
        .noneMatch(name -> name.startsWith("Replication snapshot"));
    assertOnlyPathIsToTheSource(replicaId, sourceView.path("port").asInt());

    Server replica = source.at(replicaView.path("port").asInt());
    assertThat(replica.count()).as("the backup's rows").isEqualTo(1);
    long lagMs = awaitRow(replica, insert(source, 1));
    System.out.printf(
        "mariadb: a write on the source was read on the replica after %d ms%n", lagMs);
    assertThat(lagMs).isLessThan(1000);
    assertThatThrownBy(() -> replica.execute("insert into events values (-9)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("read-only");

    Writer writer = new Writer(source);
    Thread load = new Thread(writer, "writes");
    load.start();
    Thread.sleep(300);
    long began = System.nanoTime();
    cli.ok("database", "instance", "promote", replicaId);
    JsonNode promotedView = awaitActive(replicaId);
    long tookMs = (System.nanoTime() - began) / 1_000_000;
    writer.stop();
    load.join();
    System.out.printf(
        "mariadb switchover: %d ms through the CLI; %d writes acknowledged by the old source,"
            + " %d lost%n",
        tookMs, writer.acknowledged.size(), lost(writer, replica));
    assertThat(promotedView.has("replica_of")).isFalse();
    assertThat(awaitActive(sourceId).path("replica_of").path("id").asText()).isEqualTo(replicaId);
    assertThat(writer.acknowledged).isNotEmpty();
    assertThat(replica.ids()).containsAll(writer.acknowledged);
    replica.execute("insert into events values (-1)");
    awaitRow(source, -1);
    assertThatThrownBy(() -> source.execute("insert into events values (-2)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("read-only");

    // Now the promoted replica dies: eject it, then its restart brings it back as a replica.
    killServer(replicaId);
    while (cli.run("database", "instance", "eject", replicaId).exitCode() != 0) {
      Thread.sleep(200);
    }
    assertThat(awaitNewSource(List.of(sourceId))).isEqualTo(sourceId);
    source.execute("insert into events values (-3)");
    cli.ok("database", "instance", "restart", replicaId);
    JsonNode rejoined = awaitActive(replicaId);
    assertThat(rejoined.path("replica_of").path("id").asText()).isEqualTo(sourceId);
    assertThat(operationSteps(replicaId))
        .containsExactly(
            "unfence-server",
            "link-to-source",
            "snapshot-source",
            "copy-source",
            "remove-source-snapshot",
            "record-replica-set");
    Server back = source.at(rejoined.path("port").asInt());
    assertThat(back.ids()).containsExactlyInAnyOrderElementsOf(source.ids());
    awaitRow(back, insert(source, -4));
    assertThatThrownBy(() -> back.execute("insert into events values (-5)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("read-only");

    cli.ok("database", "instance", "detach", replicaId);
    assertThat(awaitActive(replicaId).has("replica_of")).isFalse();
    assertThat(awaitActive(sourceId).has("replicas")).isFalse();
    back.execute("insert into events values (-5)");
    assertThat(back.ids()).contains(-5L);
    assertThat(source.ids()).doesNotContain(-5L);
    assertThat(linkRules(replicaId)).isEmpty();
    assertThat(system.api.get(PROJECT, "/backups").body().findValuesAsText("name"))
        .noneMatch(name -> name.startsWith("Replication snapshot"));

    system.deleteAndCheckNothingLeft(PROJECT, List.of(sourceId, replicaId));
  }

  private static long insert(Server server, long id) throws SQLException {
    server.execute("insert into events values (" + id + ")");
    return id;
  }

  /** The steps of the instance's latest operation. */
  private static List<String> operationSteps(String instanceId) {
    JsonNode operations =
        system
            .api
            .get(PROJECT, "/instances/" + instanceId + "/operations")
            .body()
            .path("operations");
    return operations.get(operations.size() - 1).path("steps").findValuesAsText("name");
  }

  /**
   * {@code instance promote} under a steady write load on the source: every write the source
   * acknowledged is on the new source, the old source follows it read-only, and so does the other
   * replica.
   */
  @Test
  void promoteSwitchesRolesWithNoAcknowledgedWriteLost() throws Exception {
    Source created = newSource();
    String sourceId = created.id();
    JsonNode source = created.view();
    Server oldSource = created.server();
    cli.ok(
        "database", "instance", "create", "set", "--replica-of", sourceId, "--replica-count", "2");
    String first = replicaNamed("set-1");
    String second = replicaNamed("set-2");
    Server promoted = oldSource.at(awaitActive(first).path("port").asInt());
    Server other = oldSource.at(awaitActive(second).path("port").asInt());

    Writer writer = new Writer(oldSource);
    Thread load = new Thread(writer, "writes");
    load.start();
    Thread.sleep(300);
    long began = System.nanoTime();
    cli.ok("database", "instance", "promote", first);
    assertThat(
            system
                .api
                .get(PROJECT, "/instances/" + sourceId)
                .body()
                .path("instance")
                .path("status")
                .asText())
        .as("every member of the set is taken while it runs")
        .isIn("PROMOTE", "ACTIVE");
    JsonNode promotedView = awaitActive(first);
    long tookMs = (System.nanoTime() - began) / 1_000_000;
    writer.stop();
    load.join();
    System.out.printf(
        "switchover: %d ms through the CLI; %d writes acknowledged by the old source%n",
        tookMs, writer.acknowledged.size());

    assertThat(promotedView.has("replica_of")).isFalse();
    assertThat(promotedView.path("replicas").findValuesAsText("id"))
        .containsExactlyInAnyOrder(sourceId, second);
    assertThat(awaitActive(sourceId).path("replica_of").path("id").asText()).isEqualTo(first);
    assertThat(awaitActive(second).path("replica_of").path("id").asText()).isEqualTo(first);
    assertThat(writer.acknowledged).isNotEmpty();
    assertThat(promoted.ids()).containsAll(writer.acknowledged);

    promoted.execute("insert into events values (-1)");
    long lagMs = awaitRow(other, -1);
    awaitRow(oldSource, -1);
    System.out.printf("after the switchover a write reached the other replica in %d ms%n", lagMs);
    assertThatThrownBy(() -> oldSource.execute("insert into events values (-2)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("read-only");
    assertThat(promoted.slots())
        .containsExactlyInAnyOrder(slotOf(sourceId) + " active", slotOf(second) + " active");

    system.deleteAndCheckNothingLeft(PROJECT, List.of(second, sourceId, first));
  }

  /**
   * {@code instance eject} after the source's guest and datastore are killed under a steady write
   * load: refused while its heartbeat is current, then the source is fenced (it takes no write
   * again), the replica that received most takes writes and the other follows it; the writes lost
   * are counted and the time from the kill to the first write the new source accepted measured.
   */
  @Test
  void ejectFencesADeadSourceAndPromotesTheMostAdvancedReplica() throws Exception {
    Source created = newSource();
    String sourceId = created.id();
    JsonNode source = created.view();
    Server oldSource = created.server();
    cli.ok(
        "database", "instance", "create", "ej", "--replica-of", sourceId, "--replica-count", "2");
    List<String> replicas = List.of(replicaNamed("ej-1"), replicaNamed("ej-2"));
    for (String replica : replicas) {
      awaitActive(replica);
    }
    assertThat(cli.run("database", "instance", "eject", sourceId).out())
        .contains("cannot be ejected as it has a current heartbeat");

    Writer writer = new Writer(oldSource);
    Thread load = new Thread(writer, "writes");
    load.start();
    Thread.sleep(500);
    long killed = System.nanoTime();
    killServer(sourceId);
    writer.stop();
    load.join();

    while (cli.run("database", "instance", "eject", sourceId).exitCode() != 0) {
      Thread.sleep(200);
    }
    long asked = System.nanoTime();
    String promoted = awaitNewSource(replicas);
    Server newSource = oldSource.at(awaitActive(promoted).path("port").asInt());
    long firstWrite = firstAcceptedWrite(newSource, -1);
    System.out.printf(
        "eject: the kill to the first write the new source accepted %d ms (of which waiting for"
            + " the heartbeat to expire %d ms, the eject %d ms); acknowledged writes lost %d of"
            + " %d%n",
        (firstWrite - killed) / 1_000_000,
        (asked - killed) / 1_000_000,
        (firstWrite - asked) / 1_000_000,
        lost(writer, newSource),
        writer.acknowledged.size());
    // Replication is asynchronous here: a commit the source acknowledged just before the kill may
    // not have reached a replica (the synchronous set with automatic failover loses none).
    String other = replicas.get(0).equals(promoted) ? replicas.get(1) : replicas.get(0);
    assertThat(awaitActive(other).path("replica_of").path("id").asText()).isEqualTo(promoted);
    awaitRow(oldSource.at(newSource.port()).at(awaitActive(other).path("port").asInt()), -1);
    JsonNode fenced = system.api.get(PROJECT, "/instances/" + sourceId).body().path("instance");
    assertThat(fenced.path("status").asText()).isEqualTo("SHUTDOWN");
    assertThat(fenced.path("fault").path("message").asText())
        .startsWith("Ejected from its replica set");
    assertThat(fenced.has("replicas")).isFalse();
    assertThatThrownBy(() -> oldSource.execute("insert into events values (-3)"))
        .as("the fenced source takes no write")
        .isInstanceOf(SQLException.class);
    assertThat(system.processesOf(sourceId)).as("nothing of the fenced source runs").isEmpty();
    JsonNode chosen =
        system
            .api
            .get(PROJECT, "/instances/" + sourceId + "/operations")
            .body()
            .path("operations")
            .findParents("type")
            .stream()
            .filter(op -> op.path("type").asText().equals("instance-eject-source"))
            .findFirst()
            .orElseThrow();
    assertThat(chosen.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(chosen.toString()).contains("promoted " + promoted);

    // The fenced source's restart brings it back only as a replica of the new source.
    cli.ok("database", "instance", "restart", sourceId);
    JsonNode rejoined = awaitActive(sourceId);
    assertThat(rejoined.path("replica_of").path("id").asText()).isEqualTo(promoted);
    assertThat(rejoined.has("fault")).isFalse();
    assertThat(operationSteps(sourceId))
        .containsExactly("unfence-server", "link-to-source", "copy-source", "record-replica-set");
    Server back = oldSource.at(rejoined.path("port").asInt());
    assertThat(back.ids()).containsExactlyInAnyOrderElementsOf(newSource.ids());
    newSource.execute("insert into events values (-4)");
    awaitRow(back, -4);
    assertThatThrownBy(() -> back.execute("insert into events values (-5)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("read-only");

    system.deleteAndCheckNothingLeft(PROJECT, List.of(other, sourceId, promoted));
  }

  /**
   * Automatic failover: a set whose source opted in replicates synchronously; its source's guest
   * and datastore are killed under a steady write load, and the failover monitor ejects it once its
   * heartbeat stayed expired past the default grace. No acknowledged write is lost.
   */
  @Test
  void automaticFailoverLosesNoAcknowledgedWrite() throws Exception {
    Source created = newSource();
    String sourceId = created.id();
    JsonNode source = created.view();
    Server oldSource = created.server();
    ApiClient.Answer refused =
        system.api.send(
            PROJECT,
            PROJECT,
            "PATCH",
            "/instances/" + sourceId,
            "{\"instance\": {\"auto_failover\": true}}");
    assertThat(refused.status()).as("no replica yet").isEqualTo(400);
    cli.ok(
        "database", "instance", "create", "af", "--replica-of", sourceId, "--replica-count", "2");
    List<String> replicas = List.of(replicaNamed("af-1"), replicaNamed("af-2"));
    for (String replica : replicas) {
      awaitActive(replica);
    }
    ApiClient.Answer enabled =
        system.api.send(
            PROJECT,
            PROJECT,
            "PATCH",
            "/instances/" + sourceId,
            "{\"instance\": {\"auto_failover\": true}}");
    assertThat(enabled.status()).as(String.valueOf(enabled.body())).isEqualTo(202);
    assertThat(awaitActive(sourceId).path("auto_failover").asBoolean()).isTrue();

    Writer writer = new Writer(oldSource);
    Thread load = new Thread(writer, "writes");
    load.start();
    Thread.sleep(500);
    long killed = System.nanoTime();
    killServer(sourceId);
    Thread.sleep(200);
    writer.stop();
    load.join();

    String promoted = awaitNewSource(replicas);
    Server newSource = oldSource.at(awaitActive(promoted).path("port").asInt());
    long firstWrite = firstAcceptedWrite(newSource, -1);
    long lost = lost(writer, newSource);
    System.out.printf(
        "automatic failover: the kill to the first write the new source accepted %d ms (grace"
            + " 15 s); acknowledged writes lost %d of %d%n",
        (firstWrite - killed) / 1_000_000, lost, writer.acknowledged.size());
    assertThat(writer.acknowledged).isNotEmpty();
    assertThat(lost).isZero();
    assertThat((firstWrite - killed) / 1_000_000).isLessThan(30_000);
    assertThat(awaitActive(promoted).path("auto_failover").asBoolean())
        .as("the set keeps its failover")
        .isTrue();
    String other = replicas.get(0).equals(promoted) ? replicas.get(1) : replicas.get(0);
    assertThat(awaitActive(other).path("replica_of").path("id").asText()).isEqualTo(promoted);
    assertThatThrownBy(() -> oldSource.execute("insert into events values (-3)"))
        .isInstanceOf(SQLException.class);
    JsonNode operation =
        system
            .api
            .get(PROJECT, "/instances/" + sourceId + "/operations")
            .body()
            .path("operations")
            .findParents("type")
            .stream()
            .filter(op -> op.path("type").asText().equals("instance-eject-source"))
            .findFirst()
            .orElseThrow();
    assertThat(operation.path("request").toString()).contains("failover-monitor");
    assertThat(operation.path("steps").findValuesAsText("name"))
        .containsExactly(
            "fence-source",
            "choose-replica",
            "promote-replica",
            "repoint-replicas",
            "record-replica-set");

    ApiClient.Answer off =
        system.api.send(
            PROJECT,
            PROJECT,
            "PATCH",
            "/instances/" + promoted,
            "{\"instance\": {\"auto_failover\": false}}");
    assertThat(off.status()).isEqualTo(202);
    system.deleteAndCheckNothingLeft(PROJECT, List.of(other, sourceId, promoted));
  }

  /** Kills the server's guest and datastore (SIGKILL; on docker, the container too). */
  private static void killServer(String id) throws Exception {
    system.processesOf(id).forEach(ProcessHandle::destroyForcibly);
    if (dockerRuntime()) {
      try (org.opentrove.containers.DatastoreContainers containers =
          org.opentrove.containers.DatastoreContainers.connect(
              new org.opentrove.activities.compute.DockerRuntimeConfig().host)) {
        containers.stop(id, 0);
      }
    }
  }

  private static String awaitNewSource(List<String> replicas) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      for (String replica : replicas) {
        JsonNode view = system.api.get(PROJECT, "/instances/" + replica).body().path("instance");
        if (!view.has("replica_of") && view.path("status").asText().equals("ACTIVE")) {
          return replica;
        }
      }
      Thread.sleep(50);
    }
    StringBuilder operations = new StringBuilder();
    for (String replica : replicas) {
      operations
          .append(system.api.get(PROJECT, "/instances/" + replica).body())
          .append('\n')
          .append(system.api.get(PROJECT, "/instances/" + replica + "/operations").body())
          .append('\n');
    }
    throw new AssertionError("no replica became the source:\n" + operations);
  }

  private static long firstAcceptedWrite(Server server, long id) throws InterruptedException {
    while (true) {
      try {
        server.execute("insert into events values (" + id + ")");
        return System.nanoTime();
      } catch (SQLException e) {
        Thread.sleep(10);
      }
    }
  }

  private static long lost(Writer writer, Server server) throws SQLException {
    List<Long> present = server.ids();
    return writer.acknowledged.stream().filter(id -> !present.contains(id)).count();
  }

  /** Inserts rows one by one, remembering each one the server acknowledged. */
  private static final class Writer implements Runnable {
    final List<Long> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Server server;
    private volatile boolean running = true;

    Writer(Server server) {
      this.server = server;
    }

    void stop() {
      running = false;
    }

    @Override
    public void run() {
      long next = 1;
      while (running) {
        try (Connection c = server.connect();
            Statement s = c.createStatement()) {
          while (running) {
            s.execute("insert into events values (" + next + ")");
            acknowledged.add(next);
            next++;
          }
        } catch (SQLException e) {
          next++; // not acknowledged: it may or may not have committed
          try {
            Thread.sleep(20);
          } catch (InterruptedException interrupted) {
            return;
          }
        }
      }
    }
  }

  private static long awaitRow(Server server, long id) throws Exception {
    long began = System.nanoTime();
    long deadline = began + Duration.ofSeconds(30).toNanos();
    while (!server.ids().contains(id)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("row " + id + " did not arrive on port " + server.port());
      }
      Thread.sleep(10);
    }
    return (System.nanoTime() - began) / 1_000_000;
  }

  /** A source and its server as the tenant's root, with an empty table of events. */
  private record Source(String id, JsonNode view, Server server) {}

  private static Source newSource() throws Exception {
    TenantInstances tenant = new TenantInstances(system.api, PROJECT);
    String id = tenant.create("postgresql");
    JsonNode view = awaitActive(id);
    JsonNode root = tenant.enableRoot(id);
    Server server =
        new Server(
            view.path("port").asInt(), root.get("name").asText(), root.get("password").asText());
    server.execute("create table events (id bigint primary key)");
    return new Source(id, view, server);
  }

  /** Trove's refusals, each changing nothing. */
  private static void assertRefusals(String sourceId, String replicaId) {
    assertRefused(
        "{\"instance\": {\"name\": \"r2\", \"replica_of\": \"" + replicaId + "\"}}",
        401,
        "Cannot create a replica of a replica " + replicaId);
    assertRefused(
        "{\"instance\": {\"name\": \"r2\", \"replica_of\": \""
            + sourceId
            + "\", \"flavorRef\": \"2\"}}",
        400,
        "Cannot specify flavor when creating replicas.");
    assertRefused(
        "{\"instance\": {\"name\": \"r2\", \"replica_of\": \""
            + sourceId
            + "\", \"replica_count\": 4}}",
        400,
        "Validation error: instance['replica_count'] 4 is greater than the maximum of 3");
    assertRefused(
        "{\"instance\": {\"name\": \"r2\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1},"
            + " \"replica_count\": 2}}",
        400,
        "Replica count only valid when creating replicas. Cannot create 2 instances.");
    ApiClient.Answer deleteSource = system.api.delete(PROJECT, "/instances/" + sourceId);
    assertThat(deleteSource.status()).isEqualTo(403);
    assertThat(deleteSource.body().path("forbidden").path("message").asText())
        .isEqualTo("Detach replicas before deleting replica source.");
    ApiClient.Answer detachSource =
        system.api.send(
            PROJECT,
            PROJECT,
            "PATCH",
            "/instances/" + sourceId,
            "{\"instance\": {\"replica_of\": null}}");
    assertThat(detachSource.status()).isEqualTo(400);
    assertThat(detachSource.body().path("badRequest").path("message").asText())
        .isEqualTo("Instance " + sourceId + " is not a replica.");
    assertThat(
            system.api.get(PROJECT, "/instances").body().path("instances").findValuesAsText("name"))
        .as("nothing was created")
        .doesNotContain("r2");
  }

  private static void assertRefused(String body, int status, String message) {
    ApiClient.Answer answer = system.api.post(PROJECT, "/instances", body);
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
    assertThat(answer.body().findValue("message").asText()).isEqualTo(message);
  }

  private static void assertOperationSteps(String replicaId) {
    JsonNode operation =
        system
            .api
            .get(PROJECT, "/instances/" + replicaId + "/operations")
            .body()
            .path("operations")
            .get(0);
    assertThat(operation.path("request").path("instance").path("replica_of").isTextual()).isTrue();
    assertThat(operation.path("steps").findValuesAsText("name"))
        .containsExactly(
            "create-queue-and-volume",
            "create-server",
            "link-to-source",
            "prepare-guest",
            "wait-for-guest");
  }

  /**
   * The replica's datastore may open one connection: to its source's port. On the process runtime
   * that is a rule for its OS user; on docker one for its container, before the network's drop.
   */
  private static void assertOnlyPathIsToTheSource(String replicaId, int sourcePort) {
    List<String> rules = linkRules(replicaId);
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0)).contains("--dport " + sourcePort);
  }

  private static List<String> linkRules(String replicaId) {
    List<String> rules = new ArrayList<>();
    if (dockerRuntime()) {
      String listed = HostIptables.list("DOCKER-USER");
      listed
          .lines()
          .filter(line -> line.contains("opentrove-link:" + replicaId))
          .forEach(rules::add);
    } else {
      EgressRules.listed(replicaId).stream().filter(r -> r.contains("--dport")).forEach(rules::add);
    }
    return rules;
  }

  private static boolean dockerRuntime() {
    return GuestSettings.RUNTIME_DOCKER.equals(System.getProperty("trove.runtime"));
  }

  private static long insertAndAwaitOnReplica(Server primary, Server replica, long id)
      throws Exception {
    long began = System.nanoTime();
    primary.execute("insert into events values (" + id + ")");
    long deadline = began + Duration.ofSeconds(10).toNanos();
    while (replica.count() < id) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the replica did not receive row " + id + " within 10 s");
      }
      Thread.sleep(5);
    }
    return (System.nanoTime() - began) / 1_000_000;
  }

  private static String slotOf(String replicaId) {
    return "os_repl_" + replicaId.replace("-", "");
  }

  private static String replicaNamed(String name) {
    for (JsonNode instance : system.api.get(PROJECT, "/instances").body().path("instances")) {
      if (instance.path("name").asText().equals(name)) {
        return instance.path("id").asText();
      }
    }
    throw new AssertionError("no instance named " + name);
  }

  private static JsonNode awaitActive(String id) throws InterruptedException {
    return system
        .api
        .awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(180))
        .path("instance");
  }

  /** A server as one of the tenant's users: PostgreSQL's root, or a MariaDB user. */
  private record Server(String datastore, int port, String user, String password) {
    Server(int port, String user, String password) {
      this("postgresql", port, user, password);
    }

    Server at(int otherPort) {
      return new Server(datastore, otherPort, user, password);
    }

    Connection connect() throws SQLException {
      String url =
          datastore.equals("postgresql")
              ? "jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable"
              : "jdbc:mariadb://127.0.0.1:" + port + "/" + MARIADB_DATABASE;
      return DriverManager.getConnection(url, user, password);
    }

    void execute(String sql) throws SQLException {
      try (Connection c = connect();
          Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }

    long count() throws SQLException {
      try (Connection c = connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select count(*) from events")) {
        rs.next();
        return rs.getLong(1);
      }
    }

    List<Long> ids() throws SQLException {
      List<Long> ids = new ArrayList<>();
      try (Connection c = connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select id from events")) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      return ids;
    }

    List<String> slots() throws SQLException {
      List<String> slots = new ArrayList<>();
      try (Connection c = connect();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select slot_name || case when active then ' active' else '' end"
                      + " from pg_replication_slots order by 1")) {
        while (rs.next()) {
          slots.add(rs.getString(1));
        }
      }
      return slots;
    }
  }

  /** {@code iptables -S} of a chain, read as the tests read the host's rules. */
  private static final class HostIptables {
    static String list(String chain) {
      try {
        Process process =
            new ProcessBuilder("iptables", "-w", "-S", chain).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return out;
      } catch (Exception e) {
        throw new IllegalStateException("iptables -S " + chain, e);
      }
    }
  }
}
