package org.opentrove.dist.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * create→ACTIVE latency through the API against the raw floor measured in the same run. Not a
 * pass/fail test: it prints the figures ({@code ./trove bench}).
 */
@Tag("bench")
class CreateLatencyBench {
  static final int RUNS = Integer.getInteger("bench.runs", 12);

  @Test
  void createToActiveVersusRawFloor() throws Exception {
    try (TroveSystem system = TroveSystem.start()) {
      createAndDelete(system); // warm-up: JIT, connection pools, guest binaries
      RawPostgresFloor.measureNanos(system.services.workDir);
      List<Long> ours = new ArrayList<>();
      List<Long> raw = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        ours.add(createAndDelete(system));
        raw.add(RawPostgresFloor.measureNanos(system.services.workDir));
      }
      report("create→ACTIVE", ours, "raw initdb+start+first query", raw);
    }
  }

  /**
   * The same on the docker runtime: each datastore in its own container, against a raw {@code
   * docker run} of the same image with initdb, start and first query.
   */
  @Test
  void createToActiveOnDockerVersusRawDockerRun() throws Exception {
    String previous = System.setProperty("trove.runtime", "docker");
    try (TroveSystem system = TroveSystem.start()) {
      createAndDelete(system);
      RawDockerPostgresFloor.measureNanos(system.services.workDir);
      List<Long> ours = new ArrayList<>();
      List<Long> raw = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        ours.add(createAndDelete(system));
        raw.add(RawDockerPostgresFloor.measureNanos(system.services.workDir));
      }
      report("create→ACTIVE (docker)", ours, "raw docker run+initdb+start+first query", raw);
    } finally {
      if (previous == null) {
        System.clearProperty("trove.runtime");
      } else {
        System.setProperty("trove.runtime", previous);
      }
    }
  }

  /** Interleaved with the floor so both see the same machine state. */
  private static long createAndDelete(TroveSystem system) throws Exception {
    long start = System.nanoTime();
    String id =
        system
            .api
            .post(
                "bench",
                "/instances",
                "{\"instance\": {\"name\": \"b\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}}}")
            .body()
            .get("instance")
            .get("id")
            .asText();
    system.api.awaitInstance("bench", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    long elapsed = System.nanoTime() - start;
    printSteps(system, "instance-create/" + id);
    system.api.delete("bench", "/instances/" + id);
    system.api.awaitInstance("bench", id, ApiClient.gone(), Duration.ofSeconds(120));
    return elapsed;
  }

  /** Where an operation's time went, step by step, as its record says. */
  static void printSteps(TroveSystem system, String operationId) {
    JsonNode steps =
        system
            .api
            .get("bench", "/operations/" + operationId)
            .body()
            .path("operation")
            .path("steps");
    StringBuilder line = new StringBuilder("BENCH   steps:");
    for (JsonNode step : steps) {
      line.append(' ')
          .append(step.path("name").asText())
          .append(' ')
          .append(step.path("duration_ms").asLong())
          .append(" ms;");
    }
    System.out.println(line);
  }

  static void report(String oursName, List<Long> ours, String rawName, List<Long> raw) {
    double p50 = percentile(ours, 50);
    double p99 = percentile(ours, 99);
    double rawP50 = percentile(raw, 50);
    double rawP99 = percentile(raw, 99);
    System.out.printf(
        "%nBENCH %s over %d runs: p50 %.0f ms, p99 %.0f ms%n", oursName, ours.size(), p50, p99);
    System.out.printf(
        "BENCH %s over %d runs: p50 %.0f ms, p99 %.0f ms%n", rawName, raw.size(), rawP50, rawP99);
    System.out.printf(
        "BENCH ratio p50 %.2fx, p99 %.2fx (goal <= 1.5x at p50)%n%n", p50 / rawP50, p99 / rawP99);
  }

  /** Nearest-rank percentile, in milliseconds. */
  static double percentile(List<Long> nanos, int p) {
    List<Long> sorted = new ArrayList<>(nanos);
    sorted.sort(Long::compare);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1)) / 1e6;
  }
}
