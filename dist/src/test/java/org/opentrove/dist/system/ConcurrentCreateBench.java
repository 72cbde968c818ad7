package org.opentrove.dist.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 50 creates at once on this 2-core machine: all must reach ACTIVE; creates per minute against the
 * raw floor (initdb + start + first query of the same binaries) run two at a time, 50 in all, in
 * the same run. Every datastore stays up until its side is done, as the instances do.
 */
@Tag("bench")
class ConcurrentCreateBench {
  static final int CREATES = Integer.getInteger("bench.concurrentCreates", 50);

  @Test
  void fiftyConcurrentCreatesVersusTheRawFloorTwoWide() throws Exception {
    try (TroveSystem system = TroveSystem.start()) {
      String warm = system.create("bench", "warm");
      system.api.awaitInstance("bench", warm, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
      system.deleteAndAwaitGone("bench", warm);

      long start = System.nanoTime();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < CREATES; i++) {
        ids.add(system.create("bench", "c" + i));
      }
      for (String id : ids) {
        system.api.awaitInstance("bench", id, ApiClient.status("ACTIVE"), Duration.ofMinutes(10));
      }
      double ours = (System.nanoTime() - start) / 1e9;
      for (String id : ids) {
        system.api.delete("bench", "/instances/" + id);
      }
      for (String id : ids) {
        system.api.awaitInstance("bench", id, ApiClient.gone(), Duration.ofMinutes(5));
      }

      double raw = rawTwoWide(system);
      System.out.printf(
          "%nBENCH %d concurrent creates: all ACTIVE after %.1f s (%.1f creates/min)%n",
          CREATES, ours, CREATES / ours * 60);
      System.out.printf(
          "BENCH raw floor 2-wide, %d datastores: %.1f s (%.1f/min)%n",
          CREATES, raw, CREATES / raw * 60);
      System.out.printf("BENCH ratio %.2fx of the raw floor's throughput%n%n", raw / ours);
    }
  }

  private static double rawTwoWide(TroveSystem system) throws Exception {
    List<RawPostgresFloor.Started> started = Collections.synchronizedList(new ArrayList<>());
    ExecutorService lanes = Executors.newFixedThreadPool(2);
    long start = System.nanoTime();
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < CREATES; i++) {
        runs.add(
            lanes.submit(
                () -> {
                  started.add(RawPostgresFloor.start(system.services.workDir));
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      lanes.shutdown();
      for (RawPostgresFloor.Started server : started) {
        server.close();
      }
    }
  }
}
