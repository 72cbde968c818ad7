package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opentrove.temporal.WorkflowIds;

/**
 * A create whose server cannot start shows the failed step and its cause; once the cause is gone,
 * retrying the operation builds the instance. Such creates also show Trove's quotas: taken by the
 * create's transaction, given back by its compensation, taken again by its retry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationRetryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ServerSocket blocker;
  private static TroveSystem system;

  @BeforeAll
  static void start() throws Exception {
    // The only datastore port the local driver may use is taken: no server can start.
    blocker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    system = TroveSystem.startWithPortRange(blocker.getLocalPort(), blocker.getLocalPort());
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
    if (!blocker.isClosed()) {
      blocker.close();
    }
  }

  /** Runs while no server can start: every create here fails and is compensated. */
  @Test
  @Order(1)
  void aCompensatedCreateGivesItsQuotaBack() throws Exception {
    String project = keystoneLikeProjectId(); // the CLI looks a name up in Keystone, not an id
    TroveCli admin = new TroveCli(system.api.base(), project, TestServices.ADMIN_TOKEN);
    JsonNode set =
        JSON.readTree(
            admin.ok("database", "quota", "update", project, "instances", "1", "-f", "json"));
    assertThat(set.get("instances").asInt()).isEqualTo(1);

    String failed = system.create(project, "fails-and-gives-back");
    system.api.awaitInstance(project, failed, ApiClient.status("ERROR"), Duration.ofSeconds(60));
    TroveCli tenant = new TroveCli(system.api.base(), project);
    assertThat(inUse(tenant, project, "instances"))
        .as("the compensated create gave its quota back; its ERROR row stays")
        .isZero();
    assertThat(inUse(tenant, project, "volumes")).isZero();
    String next = system.create(project, "fits-again"); // a limit of 1, and the ERROR row is there
    system.api.awaitInstance(project, next, ApiClient.status("ERROR"), Duration.ofSeconds(60));
    system.deleteAndAwaitGone(project, failed);
    system.deleteAndAwaitGone(project, next);
  }

  @Test
  @Order(2)
  void failedCreateShowsItsStepAndCauseAndRetryWorksOnceTheCauseIsFixed() throws Exception {
    String project = keystoneLikeProjectId();
    String id = system.create(project, "retry-me");
    JsonNode failed =
        system.api.awaitInstance(project, id, ApiClient.status("ERROR"), Duration.ofSeconds(60));
    assertThat(quotaInUse(project, "instances")).isZero();
    PrometheusScrape failedScrape = PrometheusScrape.of(system.app.getAdminPort());
    assertThat(
            failedScrape.value(
                "opentrove_operations", Map.of("type", "instance-create", "state", "FAILED")))
        .as("the failed create is counted on the metrics endpoint")
        .isGreaterThanOrEqualTo(1);
    assertThat(
            failedScrape.value(
                "opentrove_activity_failures_total", Map.of("activity", "CreateServer")))
        .isGreaterThanOrEqualTo(1);
    assertThat(failed.get("instance").get("fault").get("message").asText())
        .contains("create-server");
    String operationId = WorkflowIds.instanceCreate(UUID.fromString(id));
    JsonNode operation =
        system.api.get(project, "/operations/" + operationId).body().get("operation");
    assertThat(operation.get("state").asText()).isEqualTo("FAILED");
    assertThat(operation.get("current_step").asText()).isEqualTo("create-server");
    assertThat(operation.get("error").asText()).contains("no free datastore port");
    assertThat(system.processesOf(id)).as("the failed create was compensated").isEmpty();

    assertThat(system.api.post(project, "/operations/" + operationId + "/cancel", "").status())
        .as("a failed operation cannot be cancelled")
        .isEqualTo(422);

    blocker.close();
    ApiClient.Answer retry = system.api.post(project, "/operations/" + operationId + "/retry", "");
    assertThat(retry.status()).isEqualTo(202);

    assertThat(quotaInUse(project, "instances"))
        .as("the retried create took its quota again")
        .isOne();
    JsonNode active =
        system.api.awaitInstance(project, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(90));
    assertThat(active.get("instance").has("fault")).isFalse();
    aProjectAtItsInstanceQuotaGets413(project);
    JsonNode after = system.api.get(project, "/operations/" + operationId).body().get("operation");
    assertThat(after.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(after.get("steps").get(1).get("name").asText()).isEqualTo("create-server");
    assertThat(after.get("steps").get(1).get("attempt").asInt()).isEqualTo(2);
    assertThat(system.api.post(project, "/operations/" + operationId + "/retry", "").status())
        .as("a succeeded operation is not retried")
        .isEqualTo(422);

    system.deleteAndAwaitGone(project, id);
  }

  /**
   * {@code project} holds one instance: at a limit of one, a create is refused and writes nothing.
   */
  private static void aProjectAtItsInstanceQuotaGets413(String project) throws Exception {
    new TroveCli(system.api.base(), project, TestServices.ADMIN_TOKEN)
        .ok("database", "quota", "update", project, "instances", "1");
    ApiClient.Answer refused = system.api.post(project, "/instances", createBody("over"));
    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.body().get("overLimit").get("message").asText())
        .isEqualTo("Quota exceeded for resources: ['instances'].");
    assertThat(system.api.get(project, "/instances").body().get("instances"))
        .as("the refused create wrote nothing")
        .hasSize(1);
  }

  private static String keystoneLikeProjectId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static String createBody(String name) {
    return "{\"instance\": {\"name\": \""
        + name
        + "\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}}}";
  }

  /** {@code openstack database quota show}: the In Use of one resource. */
  private static long inUse(TroveCli cli, String project, String resource) throws Exception {
    for (JsonNode row : JSON.readTree(cli.ok("database", "quota", "show", project, "-f", "json"))) {
      if (row.get("Resource").asText().equals(resource)) {
        return row.get("In Use").asLong();
      }
    }
    throw new AssertionError("no " + resource + " in quota show");
  }

  private static long quotaInUse(String project, String resource) {
    for (JsonNode row : system.api.get(project, "/mgmt/quotas/" + project).body().get("quotas")) {
      if (row.get("resource").asText().equals(resource)) {
        return row.get("in_use").asLong();
      }
    }
    throw new AssertionError("no " + resource + " in " + project + "'s quotas");
  }
}
