package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.temporal.WorkflowIds;

/**
 * A create whose server cannot start shows the failed step and its cause; once the cause is gone,
 * retrying the operation builds the instance.
 */
class OperationRetryTest {
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

  @Test
  void failedCreateShowsItsStepAndCauseAndRetryWorksOnceTheCauseIsFixed() throws Exception {
    String id = system.create("p1", "retry-me");
    JsonNode failed =
        system.api.awaitInstance("p1", id, ApiClient.status("ERROR"), Duration.ofSeconds(60));
    assertThat(failed.get("instance").get("fault").get("message").asText())
        .contains("create-server");
    String operationId = WorkflowIds.instanceCreate(UUID.fromString(id));
    JsonNode operation = system.api.get("p1", "/operations/" + operationId).body().get("operation");
    assertThat(operation.get("state").asText()).isEqualTo("FAILED");
    assertThat(operation.get("current_step").asText()).isEqualTo("create-server");
    assertThat(operation.get("error").asText()).contains("no free datastore port");
    assertThat(system.processesOf(id)).as("the failed create was compensated").isEmpty();

    assertThat(system.api.post("p1", "/operations/" + operationId + "/cancel", "").status())
        .as("a failed operation cannot be cancelled")
        .isEqualTo(422);

    blocker.close();
    ApiClient.Answer retry = system.api.post("p1", "/operations/" + operationId + "/retry", "");
    assertThat(retry.status()).isEqualTo(202);

    JsonNode active =
        system.api.awaitInstance("p1", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(90));
    assertThat(active.get("instance").has("fault")).isFalse();
    JsonNode after = system.api.get("p1", "/operations/" + operationId).body().get("operation");
    assertThat(after.get("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(after.get("steps").get(1).get("name").asText()).isEqualTo("create-server");
    assertThat(after.get("steps").get(1).get("attempt").asInt()).isEqualTo(2);
    assertThat(system.api.post("p1", "/operations/" + operationId + "/retry", "").status())
        .as("a succeeded operation is not retried")
        .isEqualTo(422);

    system.deleteAndAwaitGone("p1", id);
  }
}
