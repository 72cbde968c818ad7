package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The fuzz tier: thousands of generated requests (seeded: {@code -Dfuzz.seed=}, {@code
 * -Dfuzz.requests=}) against every route of the running system, with two projects that each own a
 * real instance (PostgreSQL and MariaDB) and one a backup. It fails on any 5xx, on an error that is
 * not Trove's JSON fault body, on any read or change across projects, and on any change of the
 * control plane's state after a rejected request.
 */
class ApiFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SAMPLES = 8;

  private final Map<String, List<String>> findings = new LinkedHashMap<>();
  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private final Map<Integer, Integer> statuses = new TreeMap<>();
  private int notImplemented;
  private long sendNanos;
  private final Map<String, Long> routeNanos = new LinkedHashMap<>();
  private final Map<String, Integer> routeCounts = new TreeMap<>();
  private long stateNanos;
  private int acceptedChanges;
  private FuzzClient client;

  @Test
  void hostileRequestsGetTroveErrorsAndRejectedOnesChangeNothing() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    int total = Integer.getInteger("fuzz.requests", 10_000);
    System.out.printf(
        "fuzz: seed %d, %d requests (reproduce: -Dfuzz.seed=%d -Dfuzz.requests=%d)%n",
        seed, total, seed, total);
    long started = System.nanoTime();
    String report;
    try (TroveSystem system = TroveSystem.start()) {
      FuzzRequests.Project[] projects = fixtures(system);
      long setUp = System.nanoTime();
      FuzzRequests requests =
          new FuzzRequests(seed, projects[0], projects[1], datastoreIds(system));
      client = new FuzzClient(system.app.getLocalPort());
      try (ControlPlaneState state = new ControlPlaneState(system.jdbi)) {
        String before = state.awaitQuiet(1000, 60_000);
        for (int i = 0; i < total; i++) {
          FuzzRequest request = requests.next();
          FuzzClient.Answer answer;
          long sending = System.nanoTime();
          try {
            answer = client.send(request);
          } catch (IOException e) {
            answer = new FuzzClient.Answer(0, "", e.toString());
          }
          long took = System.nanoTime() - sending;
          sendNanos += took;
          routeNanos.merge(request.route(), took, Long::sum);
          routeCounts.merge(request.route(), 1, Integer::sum);
          check(i, request, answer, projects);
          long fingerprinting = System.nanoTime();
          String after = state.fingerprint();
          stateNanos += System.nanoTime() - fingerprinting;
          if (!after.equals(before)) {
            if (answer.status() >= 400 || answer.status() == 0) {
              record("state change after a rejected request", i, request, answer);
            } else {
              acceptedChanges++;
            }
            before = state.awaitQuiet(1000, 120_000);
          }
        }
      }
      report = report(seed, total, started, setUp, System.nanoTime());
      System.out.print(report);
      cleanUp(system, projects);
    }
    assertThat(findings).as(report).isEmpty();
  }

  // ---- checks ----

  /**
   * Trove's own 501s: an action not built, and a database show (GET, or HEAD through Jersey), which
   * Trove routes only to refuse.
   */
  private static boolean answeredAsTroveDoes(FuzzRequest request, FuzzClient.Answer answer) {
    boolean databaseShow =
        request.route().endsWith("{iid}/databases/{db}")
            && (request.method().equals("GET") || request.method().equals("HEAD"));
    return (request.route().endsWith("/action") || databaseShow)
        && (request.method().equals("HEAD") || answer.body().contains("notImplemented"));
  }

  private void check(
      int index, FuzzRequest request, FuzzClient.Answer answer, FuzzRequests.Project[] projects) {
    statuses.merge(answer.status(), 1, Integer::sum);
    int status = answer.status();
    if (status == 0) {
      record("no HTTP answer", index, request, answer);
      return;
    }
    if (status >= 500) {
      if (status == 501 && answeredAsTroveDoes(request, answer)) {
        notImplemented++;
      } else {
        record("5xx", index, request, answer);
      }
    }
    if (status >= 400 && !request.method().equals("HEAD") && !isTroveFault(answer)) {
      record("error body not in Trove's shape", index, request, answer);
    }
    if (request.foreignToken() && status < 400) {
      record("cross-project: another project's token accepted", index, request, answer);
    }
    if (request.foreignTarget() && status >= 200 && status < 300) {
      record("cross-project: another project's resource answered", index, request, answer);
    }
    if (request.project() != null) {
      FuzzRequests.Project other =
          projects[0].id().equals(request.project()) ? projects[1] : projects[0];
      List<String> markers = new ArrayList<>(other.names());
      if (status >= 200 && status < 300) {
        markers.addAll(other.ids());
      }
      for (String marker : markers) {
        if (answer.body().contains(marker)) {
          record("cross-project: another project's data in the answer", index, request, answer);
          break;
        }
      }
    }
  }

  /** {@code {"<name>": {"code": <status>, "message": "..."}}} and nothing else. */
  private static boolean isTroveFault(FuzzClient.Answer answer) {
    try {
      JsonNode body = JSON.readTree(answer.body());
      if (body == null || !body.isObject() || body.size() != 1) {
        return false;
      }
      Iterator<JsonNode> values = body.elements();
      JsonNode fault = values.next();
      return fault.path("code").asInt() == answer.status()
          && fault.path("message").isTextual()
          && !fault.path("message").asText().isBlank();
    } catch (IOException e) {
      return false;
    }
  }

  private void record(String kind, int index, FuzzRequest request, FuzzClient.Answer answer) {
    counts.merge(kind, 1, Integer::sum);
    List<String> samples = findings.computeIfAbsent(kind, k -> new ArrayList<>());
    String body = answer.body().length() > 300 ? answer.body().substring(0, 300) : answer.body();
    if (samples.size() < SAMPLES) {
      samples.add("#" + index + " " + request.describe() + " -> " + answer.status() + " " + body);
    } else {
      samples.set(SAMPLES - 1, "... and more (last #" + index + ")");
    }
  }

  // ---- fixtures ----

  /** Two projects, each with a real ACTIVE instance; the first also with a completed backup. */
  private static FuzzRequests.Project[] fixtures(TroveSystem system) throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String nameA = "fz-secret-a-" + tag;
    String nameB = "fz-secret-b-" + tag;
    String idA = createInstance(system, "fuzz-a", nameA, "postgresql", "15");
    String idB = createInstance(system, "fuzz-b", nameB, "mariadb", "10.11");
    system.api.awaitInstance("fuzz-a", idA, ApiClient.status("ACTIVE"), Duration.ofSeconds(180));
    system.api.awaitInstance("fuzz-b", idB, ApiClient.status("ACTIVE"), Duration.ofSeconds(180));
    String backupName = "fz-secret-backup-" + tag;
    ApiClient.Answer backup =
        system.api.post(
            "fuzz-a",
            "/backups",
            "{\"backup\": {\"name\": \"" + backupName + "\", \"instance\": \"" + idA + "\"}}");
    assertThat(backup.status()).as(String.valueOf(backup.body())).isEqualTo(202);
    String backupId = backup.body().path("backup").path("id").asText();
    String backupOperation =
        backup.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
    awaitBackup(system, backupId);
    system.api.awaitInstance("fuzz-a", idA, ApiClient.status("ACTIVE"), Duration.ofSeconds(60));
    List<String> operationsA = operations(system, "fuzz-a", idA);
    operationsA.add(backupOperation);
    return new FuzzRequests.Project[] {
      new FuzzRequests.Project(
          "fuzz-a", "postgresql", idA, nameA, backupId, backupName, operationsA),
      new FuzzRequests.Project(
          "fuzz-b", "mariadb", idB, nameB, null, null, operations(system, "fuzz-b", idB))
    };
  }

  private static String createInstance(
      TroveSystem system, String project, String name, String datastore, String version) {
    ApiClient.Answer created =
        system.api.post(
            project,
            "/instances",
            "{\"instance\": {\"name\": \""
                + name
                + "\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}, \"datastore\": {\"type\": \""
                + datastore
                + "\", \"version\": \""
                + version
                + "\"}, \"databases\": [{\"name\": \"fz_db\"}], \"users\": [{\"name\": \"fz_user\","
                + " \"password\": \"fz-pw\", \"databases\": [{\"name\": \"fz_db\"}]}]}}");
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(200);
    return created.body().path("instance").path("id").asText();
  }

  private static void awaitBackup(TroveSystem system, String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    String state = "";
    while (System.nanoTime() < deadline) {
      state =
          system.api.get("fuzz-a", "/backups/" + id).body().path("backup").path("status").asText();
      if (state.equals("COMPLETED")) {
        return;
      }
      if (state.equals("FAILED")) {
        break;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the fixture backup did not complete: " + state);
  }

  private static List<String> operations(TroveSystem system, String project, String instance) {
    List<String> ids = new ArrayList<>();
    system
        .api
        .get(project, "/instances/" + instance + "/operations")
        .body()
        .path("operations")
        .forEach(op -> ids.add(op.path("id").asText()));
    assertThat(ids).isNotEmpty();
    return ids;
  }

  private static Map<String, String> datastoreIds(TroveSystem system) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (JsonNode datastore : system.api.get("fuzz-a", "/datastores").body().path("datastores")) {
      String name = datastore.path("name").asText();
      ids.put(name, datastore.path("id").asText());
      ids.put(name + "/version", datastore.path("versions").path(0).path("id").asText());
    }
    return ids;
  }

  /** Deletes every instance of the two projects (fixtures and anything a fuzz create made). */
  private static void cleanUp(TroveSystem system, FuzzRequests.Project[] projects)
      throws InterruptedException {
    List<String[]> deleted = new ArrayList<>();
    for (FuzzRequests.Project project : projects) {
      for (JsonNode instance :
          system.api.get(project.id(), "/instances").body().path("instances")) {
        String id = instance.path("id").asText();
        system.api.delete(project.id(), "/instances/" + id);
        deleted.add(new String[] {project.id(), id});
      }
    }
    for (String[] instance : deleted) {
      system.api.awaitInstance(instance[0], instance[1], ApiClient.gone(), Duration.ofSeconds(120));
    }
  }

  private String report(long seed, int total, long started, long setUp, long fuzzed) {
    int fivexx = count("5xx");
    int cross =
        count("cross-project: another project's token accepted")
            + count("cross-project: another project's resource answered")
            + count("cross-project: another project's data in the answer");
    StringBuilder out = new StringBuilder();
    out.append(String.format("%nfuzz tier (seed %d)%n", seed));
    out.append(String.format("  requests sent:                        %d%n", total));
    out.append(String.format("  answers by status:                    %s%n", statuses));
    out.append(String.format("  5xx:                                  %d%n", fivexx));
    out.append(
        String.format(
            "  501 for instance actions not built:   %d (not counted as 5xx)%n", notImplemented));
    out.append(String.format("  cross-project violations:             %d%n", cross));
    out.append(
        String.format(
            "  state changes after rejected requests: %d%n",
            count("state change after a rejected request")));
    out.append(String.format("  accepted requests that changed state: %d%n", acceptedChanges));
    out.append(
        String.format(
            "  error bodies not in Trove's shape:    %d%n",
            count("error body not in Trove's shape")));
    out.append(
        String.format("  requests without an HTTP answer:      %d%n", count("no HTTP answer")));
    out.append(
        String.format(
            "  answered only on a new connection:    %d (the pooled one was closed)%n",
            client.answeredOnlyOnAFreshConnection()));
    out.append(
        String.format(
            "  answered only while still writing:    %d (Jetty's parser refused it, reset)%n",
            client.answeredOnlyWhileWriting()));
    out.append(
        String.format(
            "  time: set-up %d s, fuzz %d s (%.1f ms/request)%n",
            (setUp - started) / 1_000_000_000,
            (fuzzed - setUp) / 1_000_000_000,
            (fuzzed - setUp) / 1e6 / total));
    out.append(
        String.format(
            "  of which: answers %d s, state fingerprints %d s%n",
            sendNanos / 1_000_000_000, stateNanos / 1_000_000_000));
    out.append("  slowest routes (ms per answer): ");
    routeNanos.entrySet().stream()
        .sorted((x, y) -> Double.compare(perAnswer(y), perAnswer(x)))
        .limit(6)
        .forEach(e -> out.append(String.format("%s %.1f; ", e.getKey(), perAnswer(e))));
    out.append(String.format("%n  requests per route: %s%n", routeCounts));
    findings.forEach(
        (kind, samples) -> {
          out.append("  ").append(kind).append(":\n");
          samples.forEach(s -> out.append("    ").append(s).append('\n'));
        });
    return out.toString();
  }

  private double perAnswer(Map.Entry<String, Long> route) {
    return route.getValue() / 1e6 / routeCounts.get(route.getKey());
  }

  private int count(String kind) {
    return counts.getOrDefault(kind, 0);
  }
}
