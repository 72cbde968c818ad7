package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kill -9 of the worker during a create: a new worker finishes it, with exactly one guest. */
class WorkerCrashTest {
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
  void createSurvivesAWorkerKilledAfterTheGuestStarted() throws Exception {
    String id = system.create("p1", "crash");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (system.guestAgentsOf(id).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(system.guestAgentsOf(id)).as("guest started").hasSize(1);

    system.worker().killHard();
    assertThat(
            system.api.get("p1", "/instances/" + id).body().get("instance").get("status").asText())
        .isEqualTo("BUILD");
    system.startWorker();

    try {
      system.api.awaitInstance("p1", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(60));
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage() + "\nworkflow: " + system.describeWorkflow("instance-create/" + id), e);
    }
    assertThat(system.guestAgentsOf(id)).as("exactly one guest").hasSize(1);

    system.deleteAndAwaitGone("p1", id);
    assertThat(system.processesOf(id)).isEmpty();
  }
}
