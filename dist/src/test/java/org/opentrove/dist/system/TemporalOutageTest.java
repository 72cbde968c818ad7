package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Temporal unreachable after the API committed a create: the client still gets its 200 (a 500 would
 * make troveclient, which sends no Idempotency-Key, create a second instance on retry), the
 * operation waits PENDING, and once Temporal is back the reconciler starts it from its stored
 * input: one instance, ACTIVE.
 */
class TemporalOutageTest {
  private static final String PROJECT = "outage";
  private static TroveSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = TroveSystem.start();
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  void aCreateCommittedWhileTemporalIsDownIsStartedWhenItIsBack() throws Exception {
    system.services.stopTemporal();
    long began = System.nanoTime();
    ApiClient.Answer created =
        system.api.post(
            PROJECT,
            "/instances",
            "{\"instance\": {\"name\": \"during-outage\", \"flavorRef\": \"1\","
                + " \"volume\": {\"size\": 1}}}");
    long millis = (System.nanoTime() - began) / 1_000_000;
    System.out.println(
        "create with Temporal down answered " + created.status() + " in " + millis + " ms");
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.body().path("instance").path("status").asText()).isEqualTo("BUILD");
    String id = created.body().path("instance").path("id").asText();
    String operationId = created.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
    JsonNode operation = system.api.get(PROJECT, "/operations/" + operationId).body();
    assertThat(operation.path("operation").path("state").asText()).isEqualTo("PENDING");

    system.services.startTemporalAgain();
    long back = System.nanoTime();

    system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(180));
    System.out.println(
        "ACTIVE " + (System.nanoTime() - back) / 1_000_000 + " ms after Temporal was back");
    assertThat(system.api.get(PROJECT, "/instances").body().path("instances")).hasSize(1);
    assertThat(
            system
                .api
                .get(PROJECT, "/operations/" + operationId)
                .body()
                .path("operation")
                .path("state")
                .asText())
        .isEqualTo("SUCCEEDED");
    system.deleteAndAwaitGone(PROJECT, id);
  }
}
