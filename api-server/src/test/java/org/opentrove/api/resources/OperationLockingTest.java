package org.opentrove.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.temporal.TemporalClients;
import org.opentrove.temporal.TroveSearchAttributes;
import org.opentrove.temporal.api.CreateInstanceRequest;
import org.opentrove.temporal.dev.EmbeddedTemporalServer;

/**
 * The lock model and the start-after-commit seam, through the real API on a real database: every
 * operation takes the instance's task in the transaction that records it, so a busy instance is
 * refused at once and nothing is committed; a workflow that cannot be started leaves its operation
 * PENDING for the reconciler while the client gets its answer.
 */
class OperationLockingTest {
  private static ApiTestBed bed;

  @BeforeAll
  static void start() throws Exception {
    bed = new ApiTestBed();
  }

  @AfterAll
  static void stop() {
    bed.close();
  }

  @Test
  void aCreateAnswers200WithItsOperationPendingWhenTemporalIsUnreachable() {
    ApiTestBed.Answer created =
        bed.send(
            "POST",
            "p-create",
            "/instances",
            "{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}}}");

    assertThat(created.status()).isEqualTo(200);
    assertThat(created.body().path("instance").path("status").asText()).isEqualTo("BUILD");
    ApiTestBed.Answer operation =
        bed.send("GET", "p-create", "/operations/" + created.operationId(), null);
    assertThat(operation.body().path("operation").path("state").asText()).isEqualTo("PENDING");
    boolean started =
        bed.jdbi.withHandle(
            h ->
                h.createQuery("select workflow_started from operations where id = ?")
                    .bind(0, created.operationId())
                    .mapTo(Boolean.class)
                    .one());
    assertThat(started).as("left for the reconciler").isFalse();
  }

  @Test
  void aSecondRestartWhileTheFirstHoldsTheInstanceIsRefusedAndChangesNothing() {
    String id = bed.create("p-restart", "r");
    bed.makeActive(id);

    ApiTestBed.Answer first = restart("p-restart", id);
    assertThat(first.status()).isEqualTo(202);
    assertThat(first.operationId()).startsWith("instance-restart/" + id + "/");
    assertThat(status("p-restart", id)).isEqualTo("REBOOT");

    String before = bed.snapshot();
    ApiTestBed.Answer second = restart("p-restart", id);
    ApiTestBed.Answer delete = bed.send("DELETE", "p-restart", "/instances/" + id, null);
    ApiTestBed.Answer backup =
        bed.send(
            "POST",
            "p-restart",
            "/backups",
            "{\"backup\": {\"name\": \"b\", \"instance\": \"" + id + "\"}}");

    assertThat(second.status()).isEqualTo(422);
    assertThat(second.body().path("unprocessableEntity").path("message").asText())
        .isEqualTo(
            "Instance "
                + id
                + " is not currently available for an action to be performed (task status was"
                + " REBOOTING).");
    assertThat(delete.status()).isEqualTo(422);
    assertThat(backup.status()).isEqualTo(422);
    assertThat(bed.snapshot()).isEqualTo(before);
  }

  @Test
  void aSecondDeleteIsAcceptedAsTheSameOperationAndChangesNothing() {
    String id = bed.create("p-delete", "d");
    bed.makeActive(id);
    ApiTestBed.Answer first = bed.send("DELETE", "p-delete", "/instances/" + id, null);
    assertThat(first.status()).isEqualTo(202);
    String before = bed.snapshot();

    ApiTestBed.Answer second = bed.send("DELETE", "p-delete", "/instances/" + id, null);

    assertThat(second.status()).as("Trove accepts a delete again").isEqualTo(202);
    assertThat(second.operationId()).isEqualTo(first.operationId());
    assertThat(bed.snapshot()).isEqualTo(before);
  }

  @Test
  void anInstanceThatIsStillBuildingCannotBeRestarted() {
    String id = bed.create("p-building", "b");
    String before = bed.snapshot();

    ApiTestBed.Answer answer = restart("p-building", id);

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.body().path("unprocessableEntity").path("message").asText())
        .endsWith("(instance status was BUILD).");
    assertThat(bed.snapshot()).isEqualTo(before);
  }

  @Test
  void ofTwoConcurrentBackupsExactlyOneTakesTheInstance() throws Exception {
    String id = bed.create("p-backup", "b");
    bed.makeActive(id);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<ApiTestBed.Answer>> backups =
        List.of(backupAfter(go, id, "one"), backupAfter(go, id, "two"));
    go.countDown();

    List<Integer> statuses = backups.stream().map(f -> f.join().status()).sorted().toList();

    assertThat(statuses).containsExactly(202, 422);
    int rows =
        bed.jdbi.withHandle(
            h ->
                h.createQuery("select count(*) from backups where instance_id = ?")
                    .bind(0, UUID.fromString(id))
                    .mapTo(Integer.class)
                    .one());
    assertThat(rows).isEqualTo(1);
    assertThat(status("p-backup", id)).isEqualTo("BACKUP");
  }

  @Test
  void aRepeatedCreateStartsTheWorkflowFromTheStoredInputNotTheRepeat() throws Exception {
    String body =
        "{\"instance\": {\"name\": \"idem\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}}}";
    ApiTestBed.Answer first =
        bed.send(
            "POST",
            "p-idem",
            "/instances",
            body,
            "Idempotency-Key",
            "k1",
            "X-Openstack-Request-Id",
            "req-first");
    assertThat(first.status()).isEqualTo(200);

    try (EmbeddedTemporalServer temporal = EmbeddedTemporalServer.start(bed.temporalPort)) {
      WorkflowServiceStubs stubs = TemporalClients.service(bed.temporal);
      try {
        TroveSearchAttributes.register(stubs, "default");
        ApiTestBed.Answer repeat =
            bed.send(
                "POST",
                "p-idem",
                "/instances",
                body,
                "Idempotency-Key",
                "k1",
                "X-Openstack-Request-Id",
                "req-second");
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.body().path("instance").path("id").asText())
            .isEqualTo(first.body().path("instance").path("id").asText());

        CreateInstanceRequest started = startedInput(bed.workflows, first.operationId());
        assertThat(started.requestId()).isEqualTo("req-first");
      } finally {
        stubs.shutdownNow();
      }
    }
  }

  /**
   * The input the workflow was started with, once it has been (the start may still be retrying).
   */
  private static CreateInstanceRequest startedInput(WorkflowClient client, String workflowId)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        HistoryEvent started =
            client.fetchHistory(workflowId).getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
                .findFirst()
                .orElseThrow();
        return client
            .getOptions()
            .getDataConverter()
            .fromPayload(
                started.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0),
                CreateInstanceRequest.class,
                CreateInstanceRequest.class);
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(500);
      }
    }
  }

  private static String status(String project, String id) {
    return bed.send("GET", project, "/instances/" + id, null)
        .body()
        .path("instance")
        .path("status")
        .asText();
  }

  private static ApiTestBed.Answer restart(String project, String id) {
    return bed.send("POST", project, "/instances/" + id + "/action", "{\"restart\": {}}");
  }

  private static CompletableFuture<ApiTestBed.Answer> backupAfter(
      CountDownLatch go, String id, String name) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return bed.send(
              "POST",
              "p-backup",
              "/backups",
              "{\"backup\": {\"name\": \"" + name + "\", \"instance\": \"" + id + "\"}}");
        });
  }
}
