package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openstack4j.api.OSClient.OSClientV3;
import org.opentrove.activities.compute.VmProcesses;
import org.opentrove.activities.compute.nova.NovaNames;
import org.opentrove.temporal.WorkflowIds;

/**
 * Chaos on Nova: kill -9 of the worker inside each step of a create, then inside each step of the
 * same instance's delete (each kill checked to have landed inside its step). The create ends ACTIVE
 * with exactly one server and one volume in OpenStack; the delete leaves none, nor a security
 * group.
 */
@ExtendWith(SharedCloud.class)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(TestLanes.SECOND)
class NovaChaosTest {
  private static final String PROJECT = "novachaos";
  private static NovaSystem nova;
  private static TroveSystem system;
  private static OSClientV3 admin;

  @BeforeAll
  static void start() throws Exception {
    // holds each step long enough to kill inside it
    nova =
        NovaSystem.start(
            SharedCloud.get(), (cloud, services) -> services.activityReportDelayMillis = 1000);
    system = nova.system;
    admin = nova.admin;
  }

  @AfterAll
  static void stop() throws Exception {
    if (nova != null) {
      nova.close();
    }
  }

  @ParameterizedTest(name = "kill at {0}, then at {1}")
  @CsvSource({
    "create-queue-and-volume, stop-datastore",
    "create-server, delete-server",
    "prepare-guest, delete-volume",
    "wait-for-guest, delete-guest-queue"
  })
  void createAndDeleteCompleteAfterAWorkerKilledInEachStep(String createStep, String deleteStep)
      throws Exception {
    String id = system.create(PROJECT, "chaos-" + createStep);
    String create = WorkflowIds.instanceCreate(UUID.fromString(id));
    if (createStep.equals("wait-for-guest")) {
      // A fast guest is healthy before a kill can land: it is paused until the kill did.
      system.awaitStep(create, "prepare-guest");
      WorkerKills.killWorkerWhileGuestPaused(system, create, createStep, awaitGuest(id));
    } else {
      WorkerKills.killWorkerAt(system, create, createStep);
    }
    system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(180));
    WorkerKills.assertSucceeded(system, create);
    assertThat(servers(id)).as("exactly one server").hasSize(1);
    assertThat(volumes(id)).as("exactly one volume").hasSize(1);
    assertThat(guests(id)).as("exactly one guest").hasSize(1);
    if (createStep.equals("create-server")) {
      migrateWithTheWorkerKilledWhileNovaMoves(id);
    }

    assertThat(system.api.delete(PROJECT, "/instances/" + id).status()).isEqualTo(202);
    WorkerKills.killWorkerAt(system, WorkflowIds.instanceDelete(UUID.fromString(id)), deleteStep);
    system.api.awaitInstance(PROJECT, id, ApiClient.gone(), Duration.ofSeconds(180));
    assertThat(servers(id)).isEmpty();
    assertThat(volumes(id)).isEmpty();
    assertThat(admin.networking().securitygroup().list(Map.of("name", NovaNames.of(id)))).isEmpty();
  }

  /**
   * Trove's admin migrate, the worker killed inside {@code migrate-server}: the retried step finds
   * the move asked for (or done) and confirms it once; the datastore comes back.
   */
  private static void migrateWithTheWorkerKilledWhileNovaMoves(String id) throws Exception {
    ApiClient.Answer migrate = system.api.mgmtAction(id, "{\"migrate\": {}}");
    assertThat(migrate.status()).as(String.valueOf(migrate.body())).isEqualTo(202);
    String operationId = migrate.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
    WorkerKills.killWorkerAt(system, operationId, "migrate-server");
    system.api.awaitInstance(
        PROJECT,
        id,
        a ->
            ApiClient.status("ACTIVE").test(a)
                && system
                    .api
                    .get(PROJECT, "/operations/" + operationId)
                    .body()
                    .at("/operation/state")
                    .asText()
                    .equals("SUCCEEDED"),
        Duration.ofSeconds(180));
    WorkerKills.assertSucceeded(system, operationId);
    assertThat(servers(id)).as("still exactly one server").hasSize(1);
    assertThat(guests(id)).as("still exactly one guest").hasSize(1);
  }

  private static List<?> servers(String id) {
    return admin.compute().servers().list(Map.of("name", NovaNames.of(id), "all_tenants", "1"));
  }

  private static List<?> volumes(String id) {
    return admin
        .blockStorage()
        .volumes()
        .list(Map.of("name", NovaNames.of(id), "all_tenants", "1"));
  }

  /** The instance's guest agents on this host: the boot shim runs them in their namespaces. */
  private static List<ProcessHandle> guests(String id) {
    return ProcessHandle.allProcesses()
        .filter(
            p -> {
              String line = VmProcesses.commandLine(p);
              return line.contains("GuestAgentMain") && line.contains(id);
            })
        .toList();
  }

  private static ProcessHandle awaitGuest(String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> found = guests(id);
      if (!found.isEmpty()) {
        return found.get(0);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no guest agent for " + id + " within 60 s");
  }
}
