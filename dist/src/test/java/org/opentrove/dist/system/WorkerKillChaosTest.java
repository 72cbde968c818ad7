package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentrove.contract.Topology;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;
import org.opentrove.store.OperationState;
import org.opentrove.temporal.WorkflowIds;

/**
 * Chaos tier: kill -9 the worker while an operation is inside each of its steps in turn, start a
 * new worker, and check the operation completes with nothing left over: exactly one guest for a
 * create; no process, directory or queue after a delete. Every activity holds its step for a while
 * after its work ({@code temporal.activityReportDelayMillis}), and each kill is checked to have
 * landed inside its step, so a kill that came too late fails instead of passing vacuously.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(TestLanes.SECOND)
class WorkerKillChaosTest {
  /** Far longer than it takes to see a step entered and kill the worker (milliseconds). */
  private static final long STEP_HOLD_MILLIS = 1000;

  private static TroveSystem system;

  @BeforeAll
  static void start() throws Exception {
    TestServices services = new TestServices();
    services.activityReportDelayMillis = STEP_HOLD_MILLIS;
    services.portRangeStart = TestLanes.SECOND_PORT_RANGE_START;
    services.portRangeEnd = TestLanes.SECOND_PORT_RANGE_END;
    system = TroveSystem.startWithExternalWorker(services);
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @ParameterizedTest(name = "kill at {0}")
  @ValueSource(
      strings = {"create-queue-and-volume", "create-server", "prepare-guest", "wait-for-guest"})
  void createCompletesAfterAWorkerKilledAtEachStep(String step) throws Exception {
    String id = system.create("chaos", "create-" + step);
    String operationId = WorkflowIds.instanceCreate(UUID.fromString(id));
    if (step.equals("wait-for-guest")) {
      // The step lasts until the guest's healthy heartbeat, which a fast guest sends before a kill
      // can land: its agent is paused (its commands wait in its durable queue) until the kill did.
      system.awaitStep(operationId, "prepare-guest");
      WorkerKills.killWorkerWhileGuestPaused(system, operationId, step, awaitGuest(id));
    } else {
      killWorkerAt(operationId, step);
    }

    system.api.awaitInstance("chaos", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    assertThat(system.guestAgentsOf(id)).as("exactly one guest").hasSize(1);
    system.deleteAndAwaitGone("chaos", id);
  }

  @ParameterizedTest(name = "kill at {0}")
  @ValueSource(strings = {"stop-datastore", "delete-server", "delete-volume", "delete-guest-queue"})
  void deleteCompletesAfterAWorkerKilledAtEachStep(String step) throws Exception {
    String id = system.create("chaos", "delete-" + step);
    system.api.awaitInstance("chaos", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    assertThat(system.api.delete("chaos", "/instances/" + id).status()).isEqualTo(202);
    killWorkerAt(WorkflowIds.instanceDelete(UUID.fromString(id)), step);

    system.api.awaitInstance("chaos", id, ApiClient.gone(), Duration.ofSeconds(120));
    assertThat(system.processesOf(id)).isEmpty();
    assertThat(Files.exists(system.vm(id).root())).isFalse();
    Topology topology = new Topology(system.services.exchange, system.services.conductorQueue);
    assertThat(system.services.queueExists(topology.guestQueue(id))).isFalse();
  }

  @ParameterizedTest(name = "kill at {0}")
  @ValueSource(strings = {"restart-datastore", "wait-for-datastore"})
  void restartCompletesAfterAWorkerKilledAtEachStep(String step) throws Exception {
    String id = system.create("chaos", "restart-" + step);
    system.api.awaitInstance("chaos", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    ApiClient.Answer restart =
        system.api.post("chaos", "/instances/" + id + "/action", "{\"restart\": {}}");
    assertThat(restart.status()).isEqualTo(202);
    String operationId = restart.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
    killWorkerAt(operationId, step);

    system.api.awaitInstance("chaos", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    OperationRow operation =
        system.jdbi.withExtension(OperationDao.class, dao -> dao.find(operationId)).orElseThrow();
    assertThat(operation.state()).isEqualTo(OperationState.SUCCEEDED);
    assertThat(system.guestAgentsOf(id)).as("exactly one guest").hasSize(1);
    system.deleteAndAwaitGone("chaos", id);
  }

  @ParameterizedTest(name = "kill at {0}")
  @ValueSource(
      strings = {"stop-datastore", "resize-server", "start-on-flavor", "wait-for-datastore"})
  void flavorResizeCompletesAfterAWorkerKilledAtEachStep(String step) throws Exception {
    String id = system.create("chaos", "flavor-" + step);
    system.api.awaitInstance("chaos", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    String target = "2";
    if (step.equals("stop-datastore")) {
      // only a resize to less memory stops the datastore before the limits change
      act(id, "{\"resize\": {\"flavorRef\": \"2\"}}");
      system.api.awaitInstance(
          "chaos",
          id,
          a ->
              ApiClient.status("ACTIVE").test(a)
                  && a.body().path("instance").path("flavor").path("id").asText().equals("2"),
          Duration.ofSeconds(120));
      target = "1";
    }
    String operationId = act(id, "{\"resize\": {\"flavorRef\": \"" + target + "\"}}");
    killWorkerAt(operationId, step);

    JsonNode done =
        system.api.awaitInstance("chaos", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    assertThat(done.path("instance").path("flavor").path("id").asText()).isEqualTo(target);
    assertSucceeded(operationId);
    assertThat(system.guestAgentsOf(id)).as("exactly one guest").hasSize(1);
    system.deleteAndAwaitGone("chaos", id);
  }

  @ParameterizedTest(name = "kill at {0}")
  @ValueSource(strings = {"reboot-server", "wait-for-datastore"})
  void rebootCompletesAfterAWorkerKilledAtEachStep(String step) throws Exception {
    String id = system.create("chaos", "reboot-" + step);
    system.api.awaitInstance("chaos", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    ApiClient.Answer reboot =
        system.api.send(
            "chaos",
            TestServices.ADMIN_TOKEN,
            "POST",
            "/mgmt/instances/" + id + "/action",
            "{\"reboot\": {}}");
    assertThat(reboot.status()).isEqualTo(202);
    String operationId = reboot.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
    killWorkerAt(operationId, step);

    // A kill inside reboot-server can land while the guest stops: the retry stops what is left
    // and boots the guest again, which on a loaded host takes as long as a replica's steps.
    system.api.awaitInstance("chaos", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(180));
    assertSucceeded(operationId);
    assertThat(system.guestAgentsOf(id)).as("exactly one guest").hasSize(1);
    system.deleteAndAwaitGone("chaos", id);
  }

  @ParameterizedTest(name = "kill at {0}")
  @ValueSource(strings = {"grow-volume", "grow-filesystem"})
  void volumeResizeCompletesAfterAWorkerKilledInsideIt(String step) throws Exception {
    String id = system.create("chaos", "volume");
    system.api.awaitInstance("chaos", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    String operationId = act(id, "{\"resize\": {\"volume\": {\"size\": 2}}}");
    killWorkerAt(operationId, step);

    JsonNode done =
        system.api.awaitInstance("chaos", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    assertThat(done.path("instance").path("volume").path("size").asInt()).isEqualTo(2);
    assertSucceeded(operationId);
    assertThat(Files.getFileStore(system.vm(id).root().resolve("volume")).getTotalSpace())
        .isGreaterThan(1_900L << 20);
    system.deleteAndAwaitGone("chaos", id);
  }

  private static String act(String id, String body) {
    ApiClient.Answer answer = system.api.post("chaos", "/instances/" + id + "/action", body);
    assertThat(answer.status())
        .as(answer.body() == null ? "" : answer.body().toString())
        .isEqualTo(202);
    return answer.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
  }

  /**
   * A replica's create, then its detach, each with the worker killed at each step, all against one
   * source (a replica set's steps are what is tested; the source's own create is above).
   */
  @Test
  void replicaCreateAndDetachCompleteAfterAWorkerKilledAtEachStep() throws Exception {
    String source = system.create("chaos", "source");
    system.api.awaitInstance("chaos", source, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    for (String step : List.of("link-to-source", "prepare-guest")) {
      String replica = createReplicas(source, "replica-" + step, 1).get(0);
      String operationId = WorkflowIds.instanceCreate(UUID.fromString(replica));
      killWorkerAt(operationId, step);
      system.api.awaitInstance(
          "chaos", replica, ApiClient.status("ACTIVE"), Duration.ofSeconds(180));
      assertSucceeded(operationId);
      assertThat(system.guestAgentsOf(replica)).as("exactly one guest").hasSize(1);
      system.deleteAndAwaitGone("chaos", replica);
    }
    for (String step : List.of("promote-replica", "unlink-from-source")) {
      String replica = createReplicas(source, "detach-" + step, 1).get(0);
      system.api.awaitInstance(
          "chaos", replica, ApiClient.status("ACTIVE"), Duration.ofSeconds(180));
      ApiClient.Answer detach =
          system.api.send(
              "chaos",
              "chaos",
              "PATCH",
              "/instances/" + replica,
              "{\"instance\": {\"replica_of\": null}}");
      assertThat(detach.status()).isEqualTo(202);
      String operationId = detach.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
      killWorkerAt(operationId, step);
      JsonNode view =
          system
              .api
              .awaitInstance("chaos", replica, ApiClient.status("ACTIVE"), Duration.ofSeconds(120))
              .path("instance");
      assertSucceeded(operationId);
      assertThat(view.has("replica_of")).as("detached after a kill at " + step).isFalse();
      system.deleteAndAwaitGone("chaos", replica);
    }
    system.deleteAndAwaitGone("chaos", source);
  }

  /**
   * A MariaDB replica's create with the worker killed while its source's snapshot streams: the
   * replica runs, and the snapshot (its record and objects) is gone. The other steps are the same
   * code as PostgreSQL's, above; removing the snapshot is one delete of its objects and one local
   * store write, which finish before a kill can land.
   */
  @Test
  void mariaDbReplicaCreateCompletesAfterAWorkerKilledWhileSnapshotting() throws Exception {
    ApiClient.Answer created =
        system.api.post(
            "chaos",
            "/instances",
            "{\"instance\": {\"name\": \"maria-source\", \"flavorRef\": \"1\", \"volume\":"
                + " {\"size\": 1}, \"datastore\": {\"type\": \"mariadb\", \"version\":"
                + " \"10.11\"}}}");
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    String source = created.body().path("instance").path("id").asText();
    system.api.awaitInstance("chaos", source, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    String replica = createReplicas(source, "maria-replica", 1).get(0);
    String operationId = WorkflowIds.instanceCreate(UUID.fromString(replica));
    killWorkerAt(operationId, "snapshot-source");
    system.api.awaitInstance("chaos", replica, ApiClient.status("ACTIVE"), Duration.ofSeconds(180));
    assertSucceeded(operationId);
    assertThat(system.api.get("chaos", "/backups").body().findValuesAsText("name"))
        .noneMatch(name -> name.startsWith("Replication snapshot"));
    system.deleteAndAwaitGone("chaos", replica);
    system.deleteAndAwaitGone("chaos", source);
  }

  /**
   * Switchovers of one set (a source and two replicas), the worker killed at each step in turn;
   * every switchover promotes a replica of the set's current source.
   */
  @Test
  void switchoverCompletesAfterAWorkerKilledAtEachStep() throws Exception {
    String source = system.create("chaos", "set");
    system.api.awaitInstance("chaos", source, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    List<String> members = new java.util.ArrayList<>(createReplicas(source, "member", 2));
    for (String replica : members) {
      system.api.awaitInstance(
          "chaos", replica, ApiClient.status("ACTIVE"), Duration.ofSeconds(180));
    }
    members.add(source);
    for (String step :
        List.of("stop-source", "promote-replica", "repoint-replicas", "rejoin-old-source")) {
      String promoted = members.get(0);
      String operationId = act(promoted, "{\"promote_to_replica_source\": {}}");
      killWorkerAt(operationId, step);
      system.api.awaitInstance(
          "chaos",
          promoted,
          answer ->
              ApiClient.status("ACTIVE").test(answer)
                  && !answer.body().path("instance").has("replica_of"),
          Duration.ofSeconds(180));
      assertSucceeded(operationId);
      for (String follower : members.subList(1, members.size())) {
        JsonNode view =
            system
                .api
                .awaitInstance(
                    "chaos", follower, ApiClient.status("ACTIVE"), Duration.ofSeconds(60))
                .path("instance");
        assertThat(view.path("replica_of").path("id").asText())
            .as("after a kill at " + step)
            .isEqualTo(promoted);
      }
      members.remove(promoted);
      members.add(promoted); // the next switchover promotes a replica of this source
    }
    String current = members.get(members.size() - 1);
    for (String member : members) {
      if (!member.equals(current)) {
        system.deleteAndAwaitGone("chaos", member);
      }
    }
    system.deleteAndAwaitGone("chaos", current);
  }

  /**
   * Ejects, the worker killed at each step: each of a fresh set whose source's guest and datastore
   * were killed (two replicas where the step re-points one, else one).
   */
  @ParameterizedTest(name = "kill at {0}")
  @ValueSource(strings = {"fence-source", "choose-replica", "promote-replica", "repoint-replicas"})
  void ejectCompletesAfterAWorkerKilledAtEachStep(String step) throws Exception {
    String source = system.create("chaos", "ejected-" + step);
    system.api.awaitInstance("chaos", source, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    List<String> replicas =
        createReplicas(source, "left-" + step, step.equals("repoint-replicas") ? 2 : 1);
    for (String replica : replicas) {
      system.api.awaitInstance(
          "chaos", replica, ApiClient.status("ACTIVE"), Duration.ofSeconds(180));
    }
    system.processesOf(source).forEach(ProcessHandle::destroyForcibly);
    ApiClient.Answer eject;
    do {
      Thread.sleep(200);
      eject =
          system.api.post(
              "chaos", "/instances/" + source + "/action", "{\"eject_replica_source\": {}}");
    } while (eject.status() == 400);
    assertThat(eject.status()).as(String.valueOf(eject.body())).isEqualTo(202);
    String operationId = eject.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
    killWorkerAt(operationId, step);

    system.api.awaitInstance(
        "chaos",
        source,
        answer -> !answer.body().path("instance").path("status").asText().equals("EJECT"),
        Duration.ofSeconds(180));
    assertSucceeded(operationId);
    assertThat(system.processesOf(source)).as("the source stays fenced").isEmpty();
    List<String> promoted =
        replicas.stream()
            .filter(
                r ->
                    !system
                        .api
                        .get("chaos", "/instances/" + r)
                        .body()
                        .path("instance")
                        .has("replica_of"))
            .toList();
    assertThat(promoted).as("exactly one replica took over").hasSize(1);
    for (String replica : replicas) {
      system.api.awaitInstance(
          "chaos", replica, ApiClient.status("ACTIVE"), Duration.ofSeconds(60));
      if (!replica.equals(promoted.get(0))) {
        system.deleteAndAwaitGone("chaos", replica);
      }
    }
    rejoinWithTheWorkerKilledAt(source, promoted.get(0), REJOIN_STEP_AFTER.get(step));
    system.deleteAndAwaitGone("chaos", source);
    system.deleteAndAwaitGone("chaos", promoted.get(0));
  }

  /**
   * The fenced source of each eject above rejoins (its restart) with the worker killed at one step
   * of the rejoin: every rejoin step is covered by one of those ejects, with no eject of its own.
   * Recording the set is one local store transaction, which finishes before a kill can land.
   */
  private static final java.util.Map<String, String> REJOIN_STEP_AFTER =
      java.util.Map.of(
          "fence-source", "unfence-server",
          "choose-replica", "link-to-source",
          "promote-replica", "copy-source",
          "repoint-replicas", "copy-source");

  private static void rejoinWithTheWorkerKilledAt(String fenced, String source, String step)
      throws Exception {
    ApiClient.Answer restart =
        system.api.post("chaos", "/instances/" + fenced + "/action", "{\"restart\": {}}");
    assertThat(restart.status()).as(String.valueOf(restart.body())).isEqualTo(202);
    String operationId = restart.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
    killWorkerAt(operationId, step);
    JsonNode rejoined =
        system
            .api
            .awaitInstance("chaos", fenced, ApiClient.status("ACTIVE"), Duration.ofSeconds(180))
            .path("instance");
    assertSucceeded(operationId);
    assertThat(rejoined.path("replica_of").path("id").asText()).isEqualTo(source);
    assertThat(system.guestAgentsOf(fenced)).as("exactly one guest").hasSize(1);
  }

  /** Replicas of {@code source} through Trove's create; their ids, in name order. */
  private static List<String> createReplicas(String source, String name, int count) {
    ApiClient.Answer created =
        system.api.post(
            "chaos",
            "/instances",
            "{\"instance\": {\"name\": \""
                + name
                + "\", \"replica_of\": \""
                + source
                + "\", \"replica_count\": "
                + count
                + "}}");
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String wanted = count == 1 ? name : name + "-" + i;
      for (JsonNode instance : system.api.get("chaos", "/instances").body().path("instances")) {
        if (instance.path("name").asText().equals(wanted)) {
          ids.add(instance.path("id").asText());
        }
      }
    }
    assertThat(ids).hasSize(count);
    return ids;
  }

  private static void assertSucceeded(String operationId) {
    WorkerKills.assertSucceeded(system, operationId);
  }

  private static void killWorkerAt(String operationId, String step) throws Exception {
    WorkerKills.killWorkerAt(system, operationId, step);
  }

  private static ProcessHandle awaitGuest(String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> guests = system.guestAgentsOf(id);
      if (!guests.isEmpty()) {
        return guests.get(0);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no guest agent for " + id);
  }
}
