package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MariaDB Galera clusters through Debian's troveclient CLI (run on both runtimes): {@code cluster
 * create} with three members, all ACTIVE; a write on the first read on the third; root for every
 * member at once; a member's datastore killed shows on the cluster while the others take writes,
 * and rejoins when restarted; {@code cluster grow} gives the new member the data; {@code cluster
 * shrink} back to three (and Trove's refusals); {@code cluster delete} leaves no process,
 * container, volume or queue.
 */
class ClusterCliTest {
  private static final String PROJECT = "clusters";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY = Duration.ofMinutes(4);

  private static TroveSystem system;
  private static TroveCli cli;
  private static Clusters clusters;

  @BeforeAll
  static void start() throws Exception {
    system = TroveSystem.start();
    cli = new TroveCli(system.api.base(), PROJECT);
    clusters = new Clusters(system, PROJECT);
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  void clusterIsCreatedTakesWritesEverywhereGrowsShrinksAndIsDeleted() throws Exception {
    long began = System.nanoTime();
    String clusterId =
        JSON.readTree(
                cli.ok(
                    "database",
                    "cluster",
                    "create",
                    "galera",
                    "mariadb",
                    "10.11",
                    "--instance",
                    "flavor=1,volume=1",
                    "--instance",
                    "flavor=1,volume=1",
                    "--instance",
                    "flavor=1,volume=1",
                    "-f",
                    "json"))
            .path("id")
            .asText();
    JsonNode cluster = clusters.awaitReady(clusterId, 3, READY);
    System.out.printf(
        "cluster of 3 ACTIVE %d ms after the create%n", (System.nanoTime() - began) / 1_000_000);
    assertThat(cluster.path("task").path("id").asInt()).isEqualTo(1);
    assertThat(cluster.path("datastore").path("type").asText()).isEqualTo("mariadb");
    cluster
        .path("instances")
        .forEach(instance -> assertThat(instance.path("type").asText()).isEqualTo("member"));
    assertThat(clusters.steps("cluster-create/" + clusterId))
        .containsExactly(
            "bootstrap-cluster", "join-members", "update-member-settings", "record-cluster");
    List<String> members = Clusters.memberIds(cluster);
    String first = members.get(0);
    assertThat(
            system
                .api
                .get(PROJECT, "/instances/" + first)
                .body()
                .path("instance")
                .path("cluster_id")
                .asText())
        .isEqualTo(clusterId);
    assertThat(cli.ok("database", "cluster", "list")).contains("galera").contains("NONE");
    assertThat(cli.ok("database", "cluster", "list", "instances", "galera"))
        .contains(members.get(2))
        .contains("ACTIVE");
    assertThat(system.api.get(PROJECT, "/instances").body().findValuesAsText("id"))
        .as("Trove lists cluster members only when asked")
        .doesNotContainAnyElementsOf(members);
    assertThat(
            system
                .api
                .get(PROJECT, "/instances?include_clustered=true")
                .body()
                .findValuesAsText("id"))
        .containsAll(members);
    assertRefusals(clusterId, first);

    String password =
        JSON.readTree(cli.ok("database", "root", "enable", "galera", "-f", "json"))
            .path("password")
            .asText();
    assertThat(cli.ok("database", "root", "show", "galera")).contains("True");
    for (String member : members) {
      try (Connection c = Clusters.connect(clusters.port(member), "root", password)) {
        assertThat(scalar(c, "select 1")).as("root on " + member).isEqualTo("1");
      }
    }
    try (Connection one = Clusters.connect(clusters.port(first), "root", password)) {
      execute(one, "create database shop");
      execute(one, "create table shop.orders (id bigint primary key, note text)");
      execute(one, "insert into shop.orders values (1, 'written on member 1')");
    }
    try (Connection three = Clusters.connect(clusters.port(members.get(2)), "root", password)) {
      assertThat(scalar(three, "select note from shop.orders where id = 1"))
          .isEqualTo("written on member 1");
      assertThat(scalar(three, "show status like 'wsrep_cluster_size'")).isEqualTo("3");
    }

    memberDownIsReportedAndRejoins(clusterId, members, password);
    rollingRestartKeepsTheClusterWhole(clusterId, members, password);

    began = System.nanoTime();
    cli.ok("database", "cluster", "grow", "galera", "--instance", "flavor=1,volume=1");
    assertThat(clusters.show(clusterId).path("task").path("name").asText())
        .isEqualTo("GROWING_CLUSTER");
    cluster = clusters.awaitReady(clusterId, 4, READY);
    System.out.printf("grow by one member: %d ms%n", (System.nanoTime() - began) / 1_000_000);
    List<String> grown = Clusters.memberIds(cluster);
    String added = grown.stream().filter(id -> !members.contains(id)).findFirst().orElseThrow();
    try (Connection four = Clusters.connect(clusters.port(added), "root", password)) {
      assertThat(scalar(four, "select count(*) from shop.orders")).isEqualTo("3");
      assertThat(scalar(four, "show status like 'wsrep_cluster_size'")).isEqualTo("4");
      execute(four, "insert into shop.orders values (4, 'written on the new member')");
    }

    assertThat(cli.run("database", "cluster", "shrink", "galera", first, members.get(1)).out())
        .contains("at least 3");
    cli.ok("database", "cluster", "shrink", "galera", first);
    cluster = clusters.awaitReady(clusterId, 3, READY);
    assertThat(Clusters.memberIds(cluster)).doesNotContain(first);
    system.checkNothingLeft(List.of(first));
    try (Connection two = Clusters.connect(clusters.port(members.get(1)), "root", password)) {
      assertThat(scalar(two, "show status like 'wsrep_cluster_size'")).isEqualTo("3");
      assertThat(scalar(two, "select note from shop.orders where id = 4"))
          .isEqualTo("written on the new member");
    }

    List<String> remaining = Clusters.memberIds(cluster);
    cli.ok("database", "cluster", "delete", "galera");
    clusters.awaitGone(clusterId, READY);
    system.checkNothingLeft(remaining);
  }

  /**
   * A member's datastore killed: its status shows it on the cluster, the others keep taking writes,
   * and its restart brings it back with what it missed.
   */
  private static void memberDownIsReportedAndRejoins(
      String clusterId, List<String> members, String password) throws Exception {
    String victim = members.get(1);
    killDatastore(victim);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String status = memberStatus(clusterId, victim);
    while (status.equals("ACTIVE") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      status = memberStatus(clusterId, victim);
    }
    assertThat(status).as("the killed member on the cluster").isNotEqualTo("ACTIVE");
    try (Connection one = Clusters.connect(clusters.port(members.get(0)), "root", password)) {
      execute(one, "insert into shop.orders values (2, 'written while a member was down')");
      long evicted = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!scalar(one, "show status like 'wsrep_cluster_size'").equals("2")
          && System.nanoTime() < evicted) {
        Thread.sleep(200);
      }
      assertThat(scalar(one, "show status like 'wsrep_cluster_size'"))
          .as("the others see the member gone")
          .isEqualTo("2");
    }
    assertThat(cli.run("database", "instance", "restart", victim).out())
        .as("Trove: a member is restarted by an administrator only")
        .contains("Operation not supported for instances that are part of a cluster.");
    new TroveCli(system.api.base(), PROJECT, TestServices.ADMIN_TOKEN)
        .ok("database", "instance", "restart", victim);
    clusters.awaitReady(clusterId, 3, READY);
    try (Connection back = Clusters.connect(clusters.port(victim), "root", password)) {
      assertThat(scalar(back, "select note from shop.orders where id = 2"))
          .isEqualTo("written while a member was down");
      execute(back, "insert into shop.orders values (3, 'written on the member that came back')");
    }
  }

  private static void assertRefusals(String clusterId, String member) throws Exception {
    assertThat(cli.run("database", "instance", "delete", member).out())
        .contains("Operation not supported for instances that are part of a cluster.");
    ApiClient.Answer resize =
        system.api.post(
            PROJECT,
            "/instances/" + member + "/action",
            "{\"resize\": {\"volume\": {\"size\": 2}}}");
    assertThat(resize.status()).isEqualTo(501);
    ApiClient.Answer tooFew =
        system.api.post(
            PROJECT,
            "/clusters",
            "{\"cluster\": {\"name\": \"small\", \"datastore\": {\"type\": \"mariadb\","
                + " \"version\": \"10.11\"}, \"instances\": ["
                + Clusters.body(2)
                + "]}}");
    assertThat(tooFew.status()).isEqualTo(400);
    assertThat(tooFew.body().path("badRequest").path("message").asText())
        .isEqualTo("The number of instances for your initial cluster must be at least 3.");
    ApiClient.Answer postgres =
        system.api.post(
            PROJECT,
            "/clusters",
            "{\"cluster\": {\"name\": \"pg\", \"datastore\": {\"type\": \"postgresql\","
                + " \"version\": \"15\"}, \"instances\": ["
                + Clusters.body(3)
                + "]}}");
    assertThat(postgres.status()).isEqualTo(501);
    assertThat(postgres.body().path("notImplemented").path("message").asText())
        .isEqualTo("Clusters not supported for postgresql-15.");
    ApiClient.Answer stranger =
        system.api.post(
            PROJECT,
            "/clusters/" + clusterId,
            "{\"shrink\": [{\"id\": \"" + java.util.UUID.randomUUID() + "\"}]}");
    assertThat(stranger.status()).isEqualTo(404);
    assertThat(clusters.show(clusterId).path("task").path("name").asText()).isEqualTo("NONE");
  }

  /**
   * Trove's cluster restart: one member after the other (RESTARTING_CLUSTER meanwhile), each its
   * own restart operation; afterwards every member is back in the cluster with the data.
   */
  private static void rollingRestartKeepsTheClusterWhole(
      String clusterId, List<String> members, String password) throws Exception {
    long began = System.nanoTime();
    ApiClient.Answer restart =
        system.api.post(PROJECT, "/clusters/" + clusterId, "{\"restart\": {}}");
    assertThat(restart.status()).isEqualTo(202);
    assertThat(restart.body().path("cluster").path("task").path("name").asText())
        .isEqualTo("RESTARTING_CLUSTER");
    assertThat(system.api.post(PROJECT, "/clusters/" + clusterId, "{\"restart\": {}}").status())
        .as("a second restart while the first runs")
        .isEqualTo(422);
    clusters.awaitReady(clusterId, 3, READY);
    System.out.printf(
        "rolling restart of 3 members: %d ms%n", (System.nanoTime() - began) / 1_000_000);
    JsonNode operations =
        system.api.get(PROJECT, "/instances/" + members.get(2) + "/operations").body();
    List<String> restarts = new ArrayList<>();
    for (JsonNode operation : operations.path("operations")) {
      if (operation.path("type").asText().equals("instance-restart")) {
        restarts.add(operation.path("state").asText());
      }
    }
    assertThat(restarts).as("the member's own restart").containsExactly("SUCCEEDED");
    try (Connection three = Clusters.connect(clusters.port(members.get(2)), "root", password)) {
      assertThat(scalar(three, "select count(*) from shop.orders")).isNotEqualTo("0");
      assertThat(scalar(three, "show status like 'wsrep_cluster_size'")).isEqualTo("3");
    }
  }

  private static String memberStatus(String clusterId, String member) {
    for (JsonNode instance : clusters.show(clusterId).path("instances")) {
      if (instance.path("id").asText().equals(member)) {
        return instance.path("status").asText();
      }
    }
    return "";
  }

  /** Kills the member's datastore process only (its guest agent stays). */
  private static void killDatastore(String member) throws Exception {
    List<ProcessHandle> servers = new ArrayList<>();
    if (org.opentrove.contract.GuestSettings.RUNTIME_DOCKER.equals(TestServices.runtime())) {
      servers.addAll(
          ProcessHandle.allProcesses()
              .filter(p -> p.info().command().orElse("").endsWith("mariadbd"))
              .filter(
                  p ->
                      p.info()
                          .arguments()
                          .map(a -> String.join(" ", a))
                          .orElse("")
                          .contains(member))
              .toList());
    } else {
      servers.addAll(
          system.processesOf(member).stream()
              .filter(p -> p.info().command().orElse("").endsWith("mariadbd"))
              .toList());
    }
    assertThat(servers).as("the member's mariadbd").isNotEmpty();
    servers.forEach(ProcessHandle::destroyForcibly);
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The first row's last column (a value, or {@code show status}'s value). */
  private static String scalar(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(rows.getMetaData().getColumnCount());
    }
  }
}
