package org.opentrove.dist.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * API latency with 1,000 instances in the database: GET of one instance at a steady 200 requests a
 * second (open loop: latency counts from when a request was due, so a stall is not hidden), and the
 * list of all 1,000. Raw baseline: the same rows read with plain JDBC from the same database, at
 * the same pace.
 */
@Tag("bench")
class ApiLatencyBench {
  static final int INSTANCES = 1000;
  static final int RATE = 200;
  static final int SECONDS = Integer.getInteger("bench.apiSeconds", 20);
  static final int LISTS = 200;

  @Test
  void getAndListLatencyVersusRawJdbc() throws Exception {
    try (TroveSystem system = TroveSystem.start()) {
      List<UUID> ids = BenchSupport.insertFleet(system.jdbi, "bench", INSTANCES);
      HttpClient http = HttpClient.newHttpClient();
      String base = system.api.base() + "/v1.0/bench/instances";
      openLoop(RATE, 2, i -> get(http, base + "/" + ids.get(i % ids.size()))); // warm-up
      List<Long> gets =
          openLoop(RATE, SECONDS, i -> get(http, base + "/" + ids.get(i % ids.size())));
      List<Long> rawGets;
      try (Connection c = system.services.controlPlaneDataSource().getConnection()) {
        PreparedStatement one =
            c.prepareStatement(
                "select * from instances i left join service_statuses s on s.instance_id = i.id"
                    + " where i.project_id = 'bench' and i.id = ? and not i.deleted");
        rawGets = openLoop(RATE, SECONDS, i -> rows(one, ids.get(i % ids.size())));
        PreparedStatement all =
            c.prepareStatement(
                "select * from instances i left join service_statuses s on s.instance_id = i.id"
                    + " where i.project_id = 'bench' and not i.deleted order by i.created, i.id");
        List<Long> rawLists = sequential(LISTS, () -> rows(all, null));
        List<Long> lists = sequential(LISTS, () -> get(http, base));
        report("GET instance at " + RATE + "/s", gets, rawGets, 5);
        report("list of " + INSTANCES, lists, rawLists, 20);
      }
    }
  }

  private interface Call {
    void run(int i) throws Exception;
  }

  private interface Once {
    void run() throws Exception;
  }

  private static void get(HttpClient http, String url) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", "bench").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new AssertionError(url + " answered " + response.statusCode());
    }
  }

  private static void rows(PreparedStatement statement, UUID id) throws Exception {
    synchronized (statement) {
      if (id != null) {
        statement.setObject(1, id);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rs.getString(1);
        }
      }
    }
  }

  /**
   * Issues call i at start + i/rate on a pool, and answers each call's latency from its due time.
   */
  private static List<Long> openLoop(int rate, int seconds, Call call) throws Exception {
    int count = rate * seconds;
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>(count));
    List<CompletableFuture<Void>> calls = new ArrayList<>(count);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
    long start = System.nanoTime();
    try {
      for (int i = 0; i < count; i++) {
        long due = start + i * TimeUnit.SECONDS.toNanos(1) / rate;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        int index = i;
        calls.add(
            CompletableFuture.runAsync(
                () -> {
                  try {
                    call.run(index);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  latencies.add(System.nanoTime() - due);
                },
                pool));
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdown();
    }
    return latencies;
  }

  private static List<Long> sequential(int count, Once call) throws Exception {
    List<Long> latencies = new ArrayList<>(count);
    for (int i = 0; i < count + 10; i++) {
      long start = System.nanoTime();
      call.run();
      if (i >= 10) { // the first ten warm up
        latencies.add(System.nanoTime() - start);
      }
    }
    return latencies;
  }

  private static void report(String name, List<Long> ours, List<Long> raw, int goalMillis) {
    double p50 = CreateLatencyBench.percentile(ours, 50);
    double p99 = CreateLatencyBench.percentile(ours, 99);
    double rawP50 = CreateLatencyBench.percentile(raw, 50);
    double rawP99 = CreateLatencyBench.percentile(raw, 99);
    System.out.printf(
        "%nBENCH API %s over %d requests: p50 %.2f ms, p99 %.2f ms (goal p99 <= %d ms)%n",
        name, ours.size(), p50, p99, goalMillis);
    System.out.printf("BENCH raw JDBC, same rows: p50 %.2f ms, p99 %.2f ms%n", rawP50, rawP99);
    System.out.printf("BENCH ratio p50 %.2fx, p99 %.2fx%n%n", p50 / rawP50, p99 / rawP99);
  }
}
