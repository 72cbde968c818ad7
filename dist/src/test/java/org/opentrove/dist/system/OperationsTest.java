package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.api.core.NewInstance;
import org.opentrove.store.DatastoreDao;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;
import org.opentrove.store.OperationState;
import org.opentrove.store.ServiceStatusDao;
import org.opentrove.temporal.WorkflowIds;
import org.opentrove.temporal.api.CreateInstanceRequest;

/** Operations as resources, and Idempotency-Key: one request, one instance, however retried. */
class OperationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY =
      "{\"instance\": {\"name\": \"%s\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1},"
          + " \"databases\": [{\"name\": \"app\"}],"
          + " \"users\": [{\"name\": \"u1\", \"password\": \"top-secret-pw\","
          + " \"databases\": [{\"name\": \"app\"}]}]}}";
  private static TroveSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = TroveSystem.start();
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  void repeatedPostWithTheSameKeyYieldsOneInstanceAndItsOperationTellsTheStory() throws Exception {
    String body = BODY.formatted("idem");
    HttpResponse<String> first = post("p1", body, "key-1");
    HttpResponse<String> again = post("p1", body, "key-1");
    HttpResponse<String> other = post("p1", BODY.formatted("different"), "key-1");

    String id = JSON.readTree(first.body()).get("instance").get("id").asText();
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).get("instance").get("id").asText()).isEqualTo(id);
    assertThat(again.headers().firstValue("X-Trove-Operation-Id"))
        .isEqualTo(first.headers().firstValue("X-Trove-Operation-Id"));
    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(instancesNamed("idem")).isEqualTo(1);

    system.api.awaitInstance("p1", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(90));
    String operationId = WorkflowIds.instanceCreate(UUID.fromString(id));
    JsonNode operation = system.api.get("p1", "/operations/" + operationId).body().get("operation");
    assertThat(operation.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(operation.get("progress").get("percent").asInt()).isEqualTo(100);
    assertThat(operation.get("steps").findValuesAsText("name"))
        .containsExactly(
            "create-queue-and-volume", "create-server", "prepare-guest", "wait-for-guest");
    assertThat(operation.get("steps").get(0).get("attempt").asInt()).isEqualTo(1);
    assertThat(operation.toString()).doesNotContain("top-secret-pw");
    assertThat(system.searchAttributes(operationId))
        .containsEntry("InstanceId", id)
        .containsEntry("ProjectId", "p1")
        .containsEntry("Operation", "instance-create");

    JsonNode list = system.api.get("p1", "/instances/" + id + "/operations").body();
    assertThat(list.get("operations")).hasSize(1);
    assertThat(list.get("operations").get(0).get("id").asText()).isEqualTo(operationId);
    assertThat(system.api.get("intruder", "/operations/" + operationId).status()).isEqualTo(404);
    assertThat(system.api.get("intruder", "/instances/" + id + "/operations").status())
        .isEqualTo(404);

    system.deleteAndAwaitGone("p1", id);
  }

  @Test
  void aCreateCommittedButNeverStartedYieldsOneInstanceWhenTheClientRetries() throws Exception {
    String body = BODY.formatted("crashed-before-start");
    UUID id = commitWithoutStarting("p1", body, "key-crash");

    HttpResponse<String> retry = post("p1", body, "key-crash");

    assertThat(JSON.readTree(retry.body()).get("instance").get("id").asText())
        .isEqualTo(id.toString());
    system.api.awaitInstance(
        "p1", id.toString(), ApiClient.status("ACTIVE"), Duration.ofSeconds(90));
    assertThat(instancesNamed("crashed-before-start")).isEqualTo(1);
    system.deleteAndAwaitGone("p1", id.toString());
  }

  @Test
  void theReconcilerStartsACommittedOperationNobodyRetries() throws Exception {
    UUID id = commitWithoutStarting("p1", BODY.formatted("orphaned-operation"), null);

    system.api.awaitInstance(
        "p1", id.toString(), ApiClient.status("ACTIVE"), Duration.ofSeconds(90));
    assertThat(instancesNamed("orphaned-operation")).isEqualTo(1);
    system.deleteAndAwaitGone("p1", id.toString());
  }

  /** What the API commits before it starts the workflow, as if it died right after the commit. */
  private static UUID commitWithoutStarting(String project, String body, String key)
      throws Exception {
    NewInstance request = NewInstance.parse(JSON.readTree(body), 1000, "postgresql");
    UUID id = UUID.randomUUID();
    byte[] input =
        system.encodeWorkflowInput(
            new CreateInstanceRequest(
                WorkflowIds.instanceCreate(id),
                id,
                project,
                null,
                512,
                1,
                1,
                "postgresql",
                "15",
                request.databases(),
                request.users(),
                java.util.List.of()));
    Instant now = Instant.now();
    UUID version =
        system
            .jdbi
            .onDemand(DatastoreDao.class)
            .find("postgresql")
            .orElseThrow()
            .defaultVersionId();
    system.jdbi.useTransaction(
        h -> {
          h.attach(InstanceDao.class)
              .insertBuilding(id, project, request.name(), "1", version, 1, now);
          h.attach(ServiceStatusDao.class).insertNew(id, now);
          h.attach(OperationDao.class)
              .insert(
                  new OperationRow(
                      WorkflowIds.instanceCreate(id),
                      "instance-create",
                      "instance",
                      id,
                      project,
                      project,
                      JSON.writeValueAsString(request.redacted()),
                      OperationState.PENDING,
                      null,
                      null,
                      key,
                      false,
                      now,
                      now),
                  input);
        });
    return id;
  }

  private static HttpResponse<String> post(String project, String body, String key)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(system.api.base() + "/v1.0/" + project + "/instances"))
                .header("X-Auth-Token", project)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static int instancesNamed(String name) {
    return system.jdbi.withHandle(
        h ->
            h.createQuery("select count(*) from instances where name = :name")
                .bind("name", name)
                .mapTo(Integer.class)
                .one());
  }
}
