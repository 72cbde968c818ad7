package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentrove.contract.Topology;
import org.opentrove.temporal.WorkflowIds;

/**
 * Chaos tier: kill -9 the worker as an operation enters each of its steps in turn, start a new
 * worker, and check the operation completes with nothing left over: exactly one guest for a create;
 * no process, directory or queue after a delete.
 */
class WorkerKillChaosTest {
  private static TroveSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = TroveSystem.startWithExternalWorker();
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
    killWorkerAt(WorkflowIds.instanceCreate(UUID.fromString(id)), step);

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

  /** Waits until the operation has entered {@code step}, kills the worker, starts another. */
  private static void killWorkerAt(String operationId, String step) throws Exception {
    system.awaitStep(operationId, step);
    system.worker().killHard();
    system.startWorker();
  }
}
