package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.temporal.WorkflowIds;

/**
 * Trove's admin reset_status, through the real CLI: an instance whose worker is gone (so its create
 * cannot move) is reset by the administrator. The create's workflow is terminated and its operation
 * cancelled, the reset is recorded as an operation, and the instance can then be deleted cleanly.
 */
class ResetStatusTest {
  private static TroveSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = TroveSystem.startWithExternalWorker();
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  void anAdministratorResetsAStuckCreateAndTheInstanceIsThenDeletedCleanly() throws Exception {
    String id = system.create("p1", "stuck");
    String create = WorkflowIds.instanceCreate(UUID.fromString(id));
    system.awaitStep(create, "create-server");
    system.worker().killHard();

    ApiClient.Answer tenant =
        system.api.post("p1", "/instances/" + id + "/action", "{\"reset_status\": {}}");
    assertThat(tenant.status()).isEqualTo(403);
    assertThat(tenant.body().get("forbidden").get("message").asText()).contains("reset_status");
    assertThat(
            system.api.get("p1", "/instances/" + id).body().get("instance").get("status").asText())
        .isEqualTo("BUILD");

    new TroveCli(system.api.base(), "p1", TestServices.ADMIN_TOKEN)
        .ok("database", "instance", "reset", "status", id);

    JsonNode instance = system.api.get("p1", "/instances/" + id).body().get("instance");
    assertThat(instance.get("status").asText()).isEqualTo("ERROR");
    assertThat(instance.get("fault").get("message").asText()).contains("reset by an administrator");
    JsonNode operations =
        system.api.get("p1", "/instances/" + id + "/operations").body().get("operations");
    assertThat(operations.get(0).get("id").asText()).isEqualTo(create);
    assertThat(operations.get(0).get("state").asText()).isEqualTo("CANCELLED");
    assertThat(operations.get(1).get("id").asText()).startsWith("instance-reset-status/" + id);
    assertThat(operations.get(1).get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(system.describeWorkflow(create)).startsWith("WORKFLOW_EXECUTION_STATUS_TERMINATED");

    system.startWorker();
    system.deleteAndCheckNothingLeft("p1", List.of(id));
  }

  /**
   * Trove's management stop and reboot: the datastore stops (SHUTDOWN) and a reboot brings it back.
   * Then reset-task-status: a restart stuck without a worker is declared dead. The task is cleared
   * but, unlike reset_status, the guest's status is left as it reports it. Once the instance is
   * deleted, the management show finds it only when asked for deleted ones.
   */
  @Test
  void anAdministratorResetsAStuckTaskAndLeavesTheGuestsStatusAlone() throws Exception {
    String id = system.create("p1", "stuck-task");
    system.api.awaitInstance("p1", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    String action = "/mgmt/instances/" + id + "/action";
    assertThat(admin(action, "{\"stop\": {}}").status()).isEqualTo(202);
    system.api.awaitInstance("p1", id, ApiClient.status("SHUTDOWN"), Duration.ofSeconds(30));
    assertThat(admin(action, "{\"reboot\": {}}").status())
        .as("Trove's reboot has no availability check: it brings a stopped instance back")
        .isEqualTo(202);
    system.api.awaitInstance("p1", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    ApiClient.Answer migrate = admin(action, "{\"migrate\": {}}");
    assertThat(migrate.status()).as("the local driver has one host").isEqualTo(501);
    assertThat(migrate.body().at("/notImplemented/message").asText())
        .contains("local compute driver");
    assertThat(status(id)).as("a refused migrate changes nothing").isEqualTo("ACTIVE");

    system.worker().killHard();
    ApiClient.Answer restart =
        system.api.post("p1", "/instances/" + id + "/action", "{\"restart\": {}}");
    assertThat(restart.status()).isEqualTo(202);
    String restartId = restart.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
    assertThat(status(id)).isEqualTo("REBOOT");

    assertThat(system.api.post("p1", action, "{\"reset-task-status\": {}}").status())
        .as("a member on a management route: Trove's 401")
        .isEqualTo(401);
    ApiClient.Answer reset =
        system.api.send(
            "admin", TestServices.ADMIN_TOKEN, "POST", action, "{\"reset-task-status\": {}}");
    assertThat(reset.status()).isEqualTo(202);

    JsonNode instance = system.api.get("p1", "/instances/" + id).body().get("instance");
    assertThat(instance.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(instance.has("fault")).isFalse();
    JsonNode operations =
        system.api.get("p1", "/instances/" + id + "/operations").body().get("operations");
    assertThat(operations.findValuesAsText("id")).contains(restartId);
    JsonNode last = operations.get(operations.size() - 1);
    assertThat(last.get("id").asText()).startsWith("instance-reset-task/" + id);
    assertThat(last.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(operations.get(operations.size() - 2).get("state").asText()).isEqualTo("CANCELLED");
    assertThat(system.describeWorkflow(restartId))
        .startsWith("WORKFLOW_EXECUTION_STATUS_TERMINATED");

    system.startWorker();
    system.deleteAndCheckNothingLeft("p1", List.of(id));
    String show = "/mgmt/instances/" + id;
    assertThat(system.api.send("admin", TestServices.ADMIN_TOKEN, "GET", show, null).status())
        .as("a deleted instance, not asked for")
        .isEqualTo(404);
    ApiClient.Answer deleted =
        system.api.send("admin", TestServices.ADMIN_TOKEN, "GET", show + "?deleted=true", null);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body().path("instance").path("deleted").asBoolean()).isTrue();
  }

  private static ApiClient.Answer admin(String path, String body) {
    return system.api.send("admin", TestServices.ADMIN_TOKEN, "POST", path, body);
  }

  private static String status(String id) {
    return system.api.get("p1", "/instances/" + id).body().get("instance").get("status").asText();
  }

  @Test
  void actionBodiesOtherThanAKnownActionAreRefused() {
    String path = "/instances/" + UUID.randomUUID() + "/action";
    assertThat(system.api.post("p1", path, "{}").status()).isEqualTo(400);
    assertThat(system.api.post("p1", path, "{\"reset_status\": {}, \"restart\": {}}").status())
        .isEqualTo(400);
    assertThat(system.api.post("p1", path, "{\"explode\": {}}").status()).isEqualTo(400);
    assertThat(system.api.post("p1", path, "{\"restart\": {}}").status()).isEqualTo(404);
    assertThat(system.api.post("p1", path, "{\"resize\": {\"flavorRef\": \"2\"}}").status())
        .isEqualTo(404);
    assertThat(system.api.post("p1", path, "{\"reset_password\": {}}").status())
        .as("an action not built yet")
        .isEqualTo(501);
    ApiClient.Answer unknown =
        system.api.send("p1", TestServices.ADMIN_TOKEN, "POST", path, "{\"reset_status\": {}}");
    assertThat(unknown.status()).isEqualTo(404);
    ApiClient.Answer unknownMgmt =
        system.api.send(
            "admin",
            TestServices.ADMIN_TOKEN,
            "POST",
            "/mgmt" + path,
            "{\"reset-task-status\": {}, \"explode\": {}}");
    assertThat(unknownMgmt.status()).as("Trove finds the instance first").isEqualTo(404);
  }
}
