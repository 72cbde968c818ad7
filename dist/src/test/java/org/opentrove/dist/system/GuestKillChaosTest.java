package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentrove.temporal.WorkflowIds;

/**
 * Chaos tier: kill -9 the guest agent while a create prepares or waits for it. The create fails
 * within the liveness check, not the ready timeout, with a fault that says why; it compensates
 * cleanly; a retry of the operation then builds the instance.
 */
class GuestKillChaosTest {
  private static TroveSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = TroveSystem.start();
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @ParameterizedTest(name = "kill at {0}")
  @ValueSource(strings = {"prepare-guest", "wait-for-guest"})
  void aCreateWhoseGuestIsKilledFailsWithItsCauseAndARetryBuildsIt(String step) throws Exception {
    String id = system.create("chaos", "guest-killed-at-" + step);
    String operationId = WorkflowIds.instanceCreate(UUID.fromString(id));
    system.awaitStep(operationId, step);
    long killed = System.nanoTime();
    system.guestAgentsOf(id).forEach(ProcessHandle::destroyForcibly);

    JsonNode failed =
        system.api.awaitInstance("chaos", id, ApiClient.status("ERROR"), Duration.ofSeconds(60));
    Duration toError = Duration.ofNanos(System.nanoTime() - killed);
    System.out.printf("guest killed at %s: ERROR after %d ms%n", step, toError.toMillis());
    assertThat(failed.get("instance").get("fault").get("details").asText())
        .contains("server stopped");
    assertThat(system.processesOf(id)).as("compensated: no process left").isEmpty();
    JsonNode operation = system.api.get("chaos", "/operations/" + operationId).body();
    assertThat(operation.get("operation").get("state").asText()).isEqualTo("FAILED");

    assertThat(system.api.post("chaos", "/operations/" + operationId + "/retry", "").status())
        .isEqualTo(202);
    system.api.awaitInstance("chaos", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    assertThat(system.guestAgentsOf(id)).as("exactly one guest").hasSize(1);
    system.deleteAndCheckNothingLeft("chaos", List.of(id));
  }
}
