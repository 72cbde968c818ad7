package org.opentrove.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster API on a real database, Temporal unreachable (no workflow runs): Trove's shapes and
 * refusals, the cluster's task taken with the operation or not at all, members' operations left to
 * their parent, and the administrators' reset-status.
 */
class ClusterApiTest {
  private static ApiTestBed bed;

  @BeforeAll
  static void start() throws Exception {
    bed = new ApiTestBed();
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  private static String body(String datastore, String version, String... members) {
    return "{\"cluster\": {\"name\": \"c\", \"datastore\": {\"type\": \""
        + datastore
        + "\", \"version\": \""
        + version
        + "\"}, \"instances\": ["
        + String.join(",", members)
        + "]}}";
  }

  private static final String MEMBER = "{\"flavorRef\": \"1\", \"volume\": {\"size\": 1}}";

  @Test
  void aCreateRecordsTheClusterItsMembersAndTheirOperationsForTheParentToStart() {
    ApiTestBed.Answer created =
        bed.send("POST", "p-c1", "/clusters", body("mariadb", "10.11", MEMBER, MEMBER, MEMBER));

    assertThat(created.status()).isEqualTo(200);
    JsonNode cluster = created.body().path("cluster");
    assertThat(cluster.path("task").path("name").asText()).isEqualTo("BUILDING");
    assertThat(cluster.path("task").path("id").asInt()).isEqualTo(2);
    assertThat(cluster.path("instances")).hasSize(3);
    assertThat(cluster.path("instances").get(0).has("status")).as("list-shaped").isFalse();
    String id = cluster.path("id").asText();
    List<Boolean> started =
        bed.jdbi.withHandle(
            h ->
                h.createQuery(
                        "select workflow_started from operations where id like 'instance-create/%'"
                            + " and request->'instance'->>'cluster_id' = ?")
                    .bind(0, id)
                    .mapTo(Boolean.class)
                    .list());
    assertThat(started).as("members' creates are the cluster's children").containsOnly(true);
    assertThat(bed.send("GET", "p-c1", "/instances", null).body().path("instances")).isEmpty();
    assertThat(
            bed.send("GET", "p-c1", "/instances?include_clustered=true", null)
                .body()
                .path("instances"))
        .hasSize(3);

    String member = cluster.path("instances").get(0).path("id").asText();
    ApiTestBed.Answer deleteMember = bed.send("DELETE", "p-c1", "/instances/" + member, null);
    assertThat(deleteMember.status()).isEqualTo(501);
    assertThat(deleteMember.body().path("notImplemented").path("message").asText())
        .isEqualTo("Operation not supported for instances that are part of a cluster.");
    assertThat(
            bed.send("GET", "p-c1", "/clusters/" + id + "/instances/" + member, null)
                .body()
                .path("instance")
                .path("cluster_id")
                .asText())
        .isEqualTo(id);

    String before = bed.snapshot();
    ApiTestBed.Answer busy =
        bed.send("POST", "p-c1", "/clusters/" + id, "{\"grow\": [" + MEMBER + "]}");
    assertThat(busy.status()).isEqualTo(422);
    assertThat(busy.body().path("unprocessableEntity").path("message").asText())
        .isEqualTo(
            "This action cannot be performed on the cluster while the current cluster task is"
                + " 'BUILDING'.");
    assertThat(bed.send("DELETE", "p-c1", "/clusters/" + id, null).status()).isEqualTo(422);
    assertThat(bed.snapshot()).as("a refused action changes nothing").isEqualTo(before);

    assertThat(bed.send("POST", "p-c1", "/clusters/" + id, "{\"reset-status\": {}}").status())
        .isEqualTo(403);
    ApiTestBed.Answer reset =
        bed.sendAsAdmin("POST", "p-c1", "/clusters/" + id, "{\"reset-status\": {}}");
    assertThat(reset.status()).isEqualTo(202);
    assertThat(reset.body().path("cluster").path("task").path("name").asText()).isEqualTo("NONE");

    ApiTestBed.Answer grow =
        bed.send("POST", "p-c1", "/clusters/" + id, "{\"grow\": [" + MEMBER + "]}");
    assertThat(grow.status()).isEqualTo(202);
    assertThat(grow.body().path("cluster").path("task").path("name").asText())
        .isEqualTo("GROWING_CLUSTER");
    assertThat(grow.body().path("cluster").path("instances")).hasSize(4);
  }

  @Test
  void shrinkRefusesStrangersAnEmptyClusterAndLosingTheQuorum() {
    JsonNode cluster =
        bed.send("POST", "p-c2", "/clusters", body("mariadb", "10.11", MEMBER, MEMBER, MEMBER))
            .body()
            .path("cluster");
    String id = cluster.path("id").asText();
    bed.sendAsAdmin("POST", "p-c2", "/clusters/" + id, "{\"reset-status\": {}}");
    List<String> members = cluster.path("instances").findValuesAsText("id");
    String before = bed.snapshot();

    ApiTestBed.Answer stranger = shrink(id, UUID.randomUUID().toString());
    assertThat(stranger.status()).isEqualTo(404);
    ApiTestBed.Answer all = shrink(id, members.toArray(String[]::new));
    assertThat(all.status()).isEqualTo(400);
    assertThat(all.body().path("badRequest").path("message").asText())
        .isEqualTo("Must leave at least one instance in the cluster when shrinking.");
    ApiTestBed.Answer quorum = shrink(id, members.get(0));
    assertThat(quorum.status()).isEqualTo(400);
    assertThat(quorum.body().path("badRequest").path("message").asText())
        .isEqualTo("A cluster must keep at least 3 instances to keep its quorum; 2 would remain.");
    assertThat(bed.snapshot()).isEqualTo(before);
  }

  @Test
  void aCreateIsCheckedAsTroveChecksIt() {
    String before = bed.snapshot();
    assertRefused(
        body("mariadb", "10.11", MEMBER, MEMBER),
        400,
        "badRequest",
        "The number of instances for your initial cluster must be at least 3.");
    assertRefused(
        body("postgresql", "15", MEMBER, MEMBER, MEMBER),
        501,
        "notImplemented",
        "Clusters not supported for postgresql-15.");
    assertRefused(
        body(
            "mariadb",
            "10.11",
            MEMBER,
            MEMBER,
            "{\"flavorRef\": \"2\", \"volume\": {\"size\": 1}}"),
        400,
        "badRequest",
        "The flavor for each instance in a cluster must be the same.");
    assertRefused(
        body(
            "mariadb",
            "10.11",
            MEMBER,
            MEMBER,
            "{\"flavorRef\": \"1\", \"volume\": {\"size\": 2}}"),
        400,
        "badRequest",
        "The volume size for each instance in a cluster must be the same.");
    assertRefused(
        body("mariadb", "10.11", MEMBER, MEMBER, "{\"flavorRef\": \"1\"}"),
        400,
        "badRequest",
        "A volume size is required for each instance in the cluster.");
    assertRefused(
        body(
            "mariadb",
            "10.11",
            MEMBER,
            MEMBER,
            "{\"flavorRef\": \"nope\", \"volume\": {\"size\": 1}}"),
        400,
        "badRequest",
        "Resource nope cannot be found.");
    assertRefused("{\"cluster\": []}", 400, "badRequest", null);
    assertRefused(body("mariadb", "10.11", "7", MEMBER, MEMBER), 400, "badRequest", null);
    assertThat(bed.snapshot()).isEqualTo(before);
  }

  private static void assertRefused(String json, int status, String fault, String message) {
    ApiTestBed.Answer answer = bed.send("POST", "p-c3", "/clusters", json);
    assertThat(answer.status()).as(json).isEqualTo(status);
    if (message != null) {
      assertThat(answer.body().path(fault).path("message").asText()).isEqualTo(message);
    } else {
      assertThat(answer.body().path(fault).path("code").asInt()).isEqualTo(status);
    }
  }

  private static ApiTestBed.Answer shrink(String id, String... members) {
    StringBuilder ids = new StringBuilder();
    for (String member : members) {
      ids.append(ids.length() == 0 ? "" : ",").append("{\"id\": \"").append(member).append("\"}");
    }
    return bed.send("POST", "p-c2", "/clusters/" + id, "{\"shrink\": [" + ids + "]}");
  }
}
