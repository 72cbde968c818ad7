package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trove's rate limits and absolute limits: {@code openstack database limit list}, and a project
 * over its request rate refused with 429 and Retry-After while 20 clients hammer it, no more
 * requests let through than the rate allows, and other projects untouched.
 */
class RateLimitTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LIMITED = TestConfig.RATE_LIMITED_PROJECT;
  private static final int GETS_PER_MINUTE = 60;
  private static final int CLIENTS = 20;
  private static final Duration LOAD = Duration.ofSeconds(10);
  private static TroveSystem system;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    system = TroveSystem.start();
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  void limitListShowsTheProjectsQuotasAndItsRateLimits() throws Exception {
    String out = new TroveCli(system.api.base(), "limits-project").ok("database", "limit", "list");
    assertThat(out).contains("max_instances", "max_volumes", "max_backups", "max_ram", "ABSOLUTE");
    assertThat(out).contains("GET", "POST", "PUT", "DELETE", "MINUTE");

    JsonNode limits = system.api.get("limits-project", "/limits").body().get("limits");
    assertThat(limits.get(0).get("verb").asText()).isEqualTo("ABSOLUTE");
    assertThat(limits).hasSize(6);
    assertThat(limits.get(4).get("verb").asText()).isEqualTo("GET");
    assertThat(limits.get(4).get("remaining").asInt())
        .isBetween(0, limits.get(4).get("value").asInt());
    assertThat(limits.get(4).get("nextAvailable").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT[0-9:]{8}Z");
  }

  @Test
  void twentyClientsOverTheRateGet429WithRetryAfterAndTheLimitHolds() throws Exception {
    Load baseline = load("unlimited-project", LOAD.dividedBy(2)); // the same clients, no limit hit
    Load limited = load(LIMITED, LOAD);
    baseline.print("baseline (no limit reached)");
    limited.print("rate-limited project");
    assertThat(baseline.refused()).isEmpty();

    // A full bucket of 60, then one a second as it drains.
    int allowed = GETS_PER_MINUTE + (int) Math.ceil(limited.seconds() * GETS_PER_MINUTE / 60.0);
    assertThat(limited.accepted()).isBetween(GETS_PER_MINUTE, allowed + 1);
    assertThat(limited.refused()).isNotEmpty();
    for (HttpResponse<String> answer : limited.refused()) {
      assertThat(answer.statusCode()).isEqualTo(429);
      long retryAfter = Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
      assertThat(retryAfter).isBetween(1L, 60L);
      JsonNode fault = JSON.readTree(answer.body()).get("overLimit");
      assertThat(fault.get("code").asInt()).isEqualTo(429);
      assertThat(fault.get("message").asText()).isEqualTo("This request was rate-limited.");
      assertThat(fault.get("details").asText())
          .isEqualTo("Only 60 GET request(s) can be made to * every minute.");
      assertThat(fault.get("retryAfter").asText()).isEqualTo(Long.toString(retryAfter));
    }
    assertThat(get("another-project", "/flavors").statusCode())
        .as("another project's allowance is its own")
        .isEqualTo(200);

    HttpResponse<String> now = get(LIMITED, "/flavors");
    while (now.statusCode() == 200) { // drained a little since the clients stopped
      now = get(LIMITED, "/flavors");
    }
    assertThat(now.statusCode()).isEqualTo(429);
    Thread.sleep(Long.parseLong(now.headers().firstValue("Retry-After").orElseThrow()) * 1000);
    assertThat(get(LIMITED, "/flavors").statusCode())
        .as("a request after Retry-After is served")
        .isEqualTo(200);
  }

  /** What {@link #CLIENTS} clients got from GETs as fast as they could for {@code length}. */
  private record Load(
      double seconds, int accepted, List<HttpResponse<String>> refused, List<Long> latencies) {
    void print(String what) {
      int total = accepted + refused.size();
      System.out.printf(
          "rate limit load, %s: %d clients, %.1f s, %d requests (%.0f/s), %d accepted,"
              + " %d refused, p50 %.2f ms, p99 %.2f ms%n",
          what,
          CLIENTS,
          seconds,
          total,
          total / seconds,
          accepted,
          refused.size(),
          latencies.get(latencies.size() / 2) / 1e6,
          latencies.get((int) (latencies.size() * 0.99)) / 1e6);
    }
  }

  private static Load load(String project, Duration length) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger accepted = new AtomicInteger();
    ConcurrentLinkedQueue<HttpResponse<String>> refused = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    List<Future<?>> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      clients.add(
          pool.submit(
              () -> {
                go.await();
                long end = System.nanoTime() + length.toNanos();
                while (System.nanoTime() < end) {
                  long sent = System.nanoTime();
                  HttpResponse<String> answer = get(project, "/flavors");
                  latencies.add(System.nanoTime() - sent);
                  if (answer.statusCode() == 200) {
                    accepted.incrementAndGet();
                  } else {
                    refused.add(answer);
                  }
                }
                return null;
              }));
    }
    long started = System.nanoTime();
    go.countDown();
    for (Future<?> client : clients) {
      client.get(2, TimeUnit.MINUTES);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    return new Load(
        seconds, accepted.get(), List.copyOf(refused), latencies.stream().sorted().toList());
  }

  private static HttpResponse<String> get(String project, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(system.api.base() + "/v1.0/" + project + path))
            .header("X-Auth-Token", project)
            .header("Accept", "application/json")
            .GET()
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
