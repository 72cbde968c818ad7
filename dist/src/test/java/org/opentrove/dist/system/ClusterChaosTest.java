package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chaos tier for clusters: one cluster's create, grow, shrink, restart and delete, the worker
 * killed with -9 inside each of their steps in turn (each kill checked to have landed inside its
 * step), a new worker started each time; every operation completes, each member has exactly one
 * guest, the members form one cluster, and the delete leaves nothing.
 */
class ClusterChaosTest {
  private static final String PROJECT = "cluster-chaos";
  private static final long STEP_HOLD_MILLIS = 1000;
  private static final Duration READY = Duration.ofMinutes(5);

  private static TroveSystem system;
  private static Clusters clusters;

  @BeforeAll
  static void start() throws Exception {
    TestServices services = new TestServices();
    services.activityReportDelayMillis = STEP_HOLD_MILLIS;
    system = TroveSystem.startWithExternalWorker(services);
    clusters = new Clusters(system, PROJECT);
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  void everyMembershipChangeCompletesAfterTheWorkerIsKilledAtEachStep() throws Exception {
    ApiClient.Answer created =
        system.api.post(
            PROJECT,
            "/clusters",
            "{\"cluster\": {\"name\": \"chaos\", \"datastore\": {\"type\": \"mariadb\","
                + " \"version\": \"10.11\"}, \"instances\": ["
                + Clusters.body(3)
                + "]}}");
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    String clusterId = created.body().path("cluster").path("id").asText();
    String create = "cluster-create/" + clusterId;
    for (String step : List.of("bootstrap-cluster", "join-members", "update-member-settings")) {
      killWorkerAt(create, step);
    }
    JsonNode cluster = clusters.awaitReady(clusterId, 3, READY);
    assertSucceeded(create);
    assertOneCluster(cluster);

    String grow = act(clusterId, "{\"grow\": [{\"flavorRef\": \"1\", \"volume\": {\"size\": 1}}]}");
    for (String step : List.of("add-members", "update-member-settings")) {
      killWorkerAt(grow, step);
    }
    cluster = clusters.awaitReady(clusterId, 4, READY);
    assertSucceeded(grow);
    assertOneCluster(cluster);

    String leaving = Clusters.memberIds(cluster).get(0);
    String shrink = act(clusterId, "{\"shrink\": [{\"id\": \"" + leaving + "\"}]}");
    for (String step : List.of("remove-members", "update-member-settings")) {
      killWorkerAt(shrink, step);
    }
    cluster = clusters.awaitReady(clusterId, 3, READY);
    assertSucceeded(shrink);
    assertOneCluster(cluster);
    system.checkNothingLeft(List.of(leaving));

    String restart = act(clusterId, "{\"restart\": {}}");
    killWorkerAt(restart, "restart-members");
    cluster = clusters.awaitReady(clusterId, 3, READY);
    assertSucceeded(restart);
    assertOneCluster(cluster);

    List<String> members = Clusters.memberIds(cluster);
    assertThat(system.api.delete(PROJECT, "/clusters/" + clusterId).status()).isEqualTo(202);
    killWorkerAt("cluster-delete/" + clusterId, "delete-members");
    clusters.awaitGone(clusterId, READY);
    system.checkNothingLeft(members);
  }

  /** Starts a cluster action; answers its operation (the newest of the cluster's). */
  private static String act(String clusterId, String body) throws InterruptedException {
    ApiClient.Answer answer = system.api.post(PROJECT, "/clusters/" + clusterId, body);
    assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(202);
    String type = "cluster-" + body.substring(body.indexOf('"') + 1, body.indexOf("\":")) + "/";
    return system.jdbi.withHandle(
        h ->
            h.createQuery(
                    "select id from operations where resource_id = cast(:id as uuid)"
                        + " and id like :type order by created desc limit 1")
                .bind("id", clusterId)
                .bind("type", type + "%")
                .mapTo(String.class)
                .one());
  }

  /** Every member has one guest, and all of them are in one cluster of that size. */
  private static void assertOneCluster(JsonNode cluster) throws Exception {
    List<String> members = Clusters.memberIds(cluster);
    for (String member : members) {
      assertThat(system.guestAgentsOf(member)).as("one guest for " + member).hasSize(1);
    }
    ApiClient.Answer root =
        system.api.post(PROJECT, "/clusters/" + cluster.path("id").asText() + "/root", "{}");
    assertThat(root.status()).as(String.valueOf(root.body())).isEqualTo(200);
    String password = root.body().path("user").path("password").asText();
    for (String member : members) {
      try (Connection c = Clusters.connect(clusters.port(member), "root", password);
          Statement s = c.createStatement();
          ResultSet rows = s.executeQuery("show status like 'wsrep_cluster_size'")) {
        rows.next();
        assertThat(rows.getInt(2)).as("cluster size seen by " + member).isEqualTo(members.size());
      }
    }
  }

  private static void assertSucceeded(String operationId) {
    WorkerKills.assertSucceeded(system, operationId);
  }

  private static void killWorkerAt(String operationId, String step) throws Exception {
    WorkerKills.killWorkerAt(system, operationId, step);
  }
}
