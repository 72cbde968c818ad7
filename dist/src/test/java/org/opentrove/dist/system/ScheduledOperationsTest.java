package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Actions at a chosen time ({@code apply_at}): a scheduled resize holds nothing while it waits,
 * survives a kill -9 of the worker and runs at its time, once; a cancelled one never runs; {@code
 * next_window} is the instance's maintenance window.
 */
class ScheduledOperationsTest {
  private static final String PROJECT = "scheduled";
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
  void aScheduledResizeRunsAtItsTimeAcrossAWorkerRestartAndACancelledOneNever() throws Exception {
    String id = system.create(PROJECT, "scheduled");
    system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));

    Instant volumeAt = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
    String volumeOp =
        act(id, "{\"resize\": {\"volume\": {\"size\": 2}, \"apply_at\": \"" + volumeAt + "\"}}");
    Instant flavorAt = volumeAt.plusSeconds(5);
    String flavorOp =
        act(id, "{\"resize\": {\"flavorRef\": \"2\", \"apply_at\": \"" + flavorAt + "\"}}");

    JsonNode waiting = operation(volumeOp);
    assertThat(waiting.path("state").asText()).isEqualTo("SCHEDULED");
    assertThat(waiting.path("scheduled_for").asText())
        .isEqualTo(LocalDateTime.ofInstant(volumeAt, ZoneOffset.UTC).toString());
    assertThat(waiting.path("request").path("resize").path("apply_at").asText())
        .isEqualTo(volumeAt.toString());
    JsonNode instance = system.api.get(PROJECT, "/instances/" + id).body().path("instance");
    assertThat(instance.path("status").asText())
        .as("nothing held while waiting")
        .isEqualTo("ACTIVE");
    assertThat(instance.path("volume").path("size").asInt()).isEqualTo(1);

    assertThat(system.api.post(PROJECT, "/operations/" + flavorOp + "/cancel", "").status())
        .isEqualTo(202);
    assertThat(operation(flavorOp).path("state").asText()).isEqualTo("CANCELLED");
    assertThat(system.api.post(PROJECT, "/operations/" + flavorOp + "/cancel", "").status())
        .as("cancelled already")
        .isEqualTo(422);

    system.worker().killHard();
    Thread.sleep(2000);
    system.startWorker();

    JsonNode grown =
        system.api.awaitInstance(
            PROJECT,
            id,
            a ->
                a.status() == 200
                    && a.body().path("instance").path("volume").path("size").asInt() == 2,
            Duration.ofSeconds(120));
    Instant seen = Instant.now();
    assertThat(seen).as("not before its time").isAfterOrEqualTo(volumeAt);
    system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(60));
    JsonNode done = operation(volumeOp);
    assertThat(done.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.path("steps").findValuesAsText("name"))
        .containsExactly("grow-volume", "grow-filesystem");
    assertThat(done.path("steps").get(0).path("attempt").asInt()).as("run once").isEqualTo(1);
    System.out.printf(
        "scheduled for %s, volume grown by %s (%s)%n",
        volumeAt, seen, grown.path("instance").path("updated").asText());

    Thread.sleep(Math.max(0, Duration.between(Instant.now(), flavorAt).toMillis()) + 3000);
    JsonNode cancelled = operation(flavorOp);
    assertThat(cancelled.path("state").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.path("steps")).as("never ran").isEmpty();
    assertThat(
            system
                .api
                .get(PROJECT, "/instances/" + id)
                .body()
                .path("instance")
                .path("flavor")
                .path("id")
                .asText())
        .isEqualTo("1");

    system.deleteAndAwaitGone(PROJECT, id);
  }

  @Test
  void nextWindowIsTheInstancesMaintenanceWindow() throws Exception {
    String id = system.create(PROJECT, "windowed");
    system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    ApiClient.Answer noWindow =
        system.api.post(
            PROJECT,
            "/instances/" + id + "/action",
            "{\"restart\": {\"apply_at\": \"next_window\"}}");
    assertThat(noWindow.status()).isEqualTo(400);
    assertThat(noWindow.body().path("badRequest").path("message").asText())
        .contains("has no maintenance window");
    assertThat(
            update(id, "{\"instance\": {\"maintenance_window\": \"Sun:03:00-sun:03:10\"}}")
                .status())
        .as("ten minutes is too short")
        .isEqualTo(400);
    assertThat(
            update(id, "{\"instance\": {\"maintenance_window\": \"sun:03:00-sun:04:00\"}}")
                .status())
        .isEqualTo(202);
    assertThat(
            system
                .api
                .get(PROJECT, "/instances/" + id)
                .body()
                .path("instance")
                .path("maintenance_window")
                .asText())
        .isEqualTo("sun:03:00-sun:04:00");

    String restart = act(id, "{\"restart\": {\"apply_at\": \"next_window\"}}");
    JsonNode scheduled = operation(restart);
    assertThat(scheduled.path("state").asText()).isEqualTo("SCHEDULED");
    LocalDateTime at = LocalDateTime.parse(scheduled.path("scheduled_for").asText());
    assertThat(at.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.SUNDAY);
    assertThat(at.toLocalTime()).isEqualTo(java.time.LocalTime.of(3, 0));
    assertThat(at.toInstant(ZoneOffset.UTC))
        .isAfter(Instant.now())
        .isBefore(Instant.now().plus(Duration.ofDays(7)));
    assertThat(system.api.post(PROJECT, "/operations/" + restart + "/cancel", "").status())
        .isEqualTo(202);
    assertThat(operation(restart).path("state").asText()).isEqualTo("CANCELLED");

    assertThat(
            system
                .api
                .post(
                    PROJECT,
                    "/instances/" + id + "/action",
                    "{\"restart\": {\"apply_at\": \"2001-01-01T00:00:00Z\"}}")
                .status())
        .as("in the past")
        .isEqualTo(400);
    system.deleteAndAwaitGone(PROJECT, id);
  }

  private static ApiClient.Answer update(String id, String body) {
    return system.api.send(PROJECT, PROJECT, "PUT", "/instances/" + id, body);
  }

  private static String act(String id, String body) {
    ApiClient.Answer answer = system.api.post(PROJECT, "/instances/" + id + "/action", body);
    assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(202);
    return answer.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
  }

  private static JsonNode operation(String operationId) {
    return system.api.get(PROJECT, "/operations/" + operationId).body().path("operation");
  }
}
