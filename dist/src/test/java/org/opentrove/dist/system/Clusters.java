package org.opentrove.dist.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A project's Galera clusters as the tests see them through the API. */
final class Clusters {
  private final TroveSystem system;
  private final String project;

  Clusters(TroveSystem system, String project) {
    this.system = system;
    this.project = project;
  }

  JsonNode show(String clusterId) {
    ApiClient.Answer answer = system.api.get(project, "/clusters/" + clusterId);
    if (answer.status() != 200) {
      throw new AssertionError(
          "cluster " + clusterId + ": " + answer.status() + " " + answer.body());
    }
    return answer.body().path("cluster");
  }

  /** Waits until the cluster has no task and exactly {@code members} members, all ACTIVE. */
  JsonNode awaitReady(String clusterId, int members, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = show(clusterId);
      JsonNode instances = last.path("instances");
      boolean allActive = instances.size() == members;
      for (JsonNode instance : instances) {
        allActive &= instance.path("status").asText().equals("ACTIVE");
      }
      if (last.path("task").path("name").asText().equals("NONE") && allActive) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("cluster " + clusterId + " not ready in " + timeout + ": " + last);
  }

  /** Waits until the cluster is gone (404). */
  void awaitGone(String clusterId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ApiClient.Answer last = null;
    while (System.nanoTime() < deadline) {
      last = system.api.get(project, "/clusters/" + clusterId);
      if (last.status() == 404) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("cluster " + clusterId + " not gone: " + last.body());
  }

  static List<String> memberIds(JsonNode cluster) {
    List<String> ids = new ArrayList<>();
    cluster.path("instances").forEach(instance -> ids.add(instance.path("id").asText()));
    return ids;
  }

  /** A member's datastore port, from its instance view. */
  int port(String memberId) {
    return system
        .api
        .get(project, "/instances/" + memberId)
        .body()
        .path("instance")
        .path("port")
        .asInt();
  }

  /** The members' steps of an operation, in order. */
  List<String> steps(String operationId) {
    return system
        .api
        .get(project, "/operations/" + operationId)
        .body()
        .path("operation")
        .path("steps")
        .findValuesAsText("name");
  }

  static Connection connect(int port, String user, String password) throws SQLException {
    return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", user, password);
  }

  static String body(int members) {
    StringBuilder instances = new StringBuilder();
    for (int i = 0; i < members; i++) {
      instances
          .append(i == 0 ? "" : ",")
          .append("{\"flavorRef\": \"1\", \"volume\": {\"size\": 1}}");
    }
    return instances.toString();
  }
}
