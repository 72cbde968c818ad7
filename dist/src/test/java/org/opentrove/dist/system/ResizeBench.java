package org.opentrove.dist.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Resize flavor, asked through the API until the instance is ACTIVE on the new flavor, against the
 * same by hand on a raw PostgreSQL of the same binaries and settings: stop, set shared_buffers as
 * the guest sizes it (a quarter of the flavor's memory), start, first query. Not a pass/fail test:
 * it prints the figures ({@code ./trove bench}).
 */
@Tag("bench")
class ResizeBench {
  private static final int[] FLAVOR_MB = {512, 2048};

  @Test
  void resizeFlavorVersusRawRestart() throws Exception {
    try (TroveSystem system = TroveSystem.start();
        RawPostgresFloor.Started raw = RawPostgresFloor.start(system.services.workDir)) {
      RawPostgresFloor.takeGuestSettings(raw);
      String id = system.create("bench", "resize");
      system.api.awaitInstance("bench", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
      resize(system, id, 2); // warm-up
      RawPostgresFloor.restartWithSharedBuffersNanos(raw, FLAVOR_MB[1] / 4);
      List<Long> ours = new ArrayList<>();
      List<Long> rawRestarts = new ArrayList<>();
      for (int i = 0; i < CreateLatencyBench.RUNS; i++) {
        int flavor = i % 2 == 0 ? 1 : 2;
        ours.add(resize(system, id, flavor));
        rawRestarts.add(
            RawPostgresFloor.restartWithSharedBuffersNanos(raw, FLAVOR_MB[flavor - 1] / 4));
      }
      CreateLatencyBench.report(
          "resize flavor→ACTIVE",
          ours,
          "raw stop+set shared_buffers+start+first query",
          rawRestarts);
      system.deleteAndAwaitGone("bench", id);
    }
  }

  private static long resize(TroveSystem system, String id, int flavor) throws Exception {
    long start = System.nanoTime();
    ApiClient.Answer answer =
        system.api.post(
            "bench",
            "/instances/" + id + "/action",
            "{\"resize\": {\"flavorRef\": \"" + flavor + "\"}}");
    if (answer.status() != 202) {
      throw new AssertionError("resize refused: " + answer.body());
    }
    String operationId = answer.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
    system.api.awaitInstance(
        "bench",
        id,
        a ->
            ApiClient.status("ACTIVE").test(a)
                && a.body().path("instance").path("flavor").path("id").asText().equals("" + flavor),
        Duration.ofSeconds(120));
    long elapsed = System.nanoTime() - start;
    CreateLatencyBench.printSteps(system, operationId);
    return elapsed;
  }
}
