package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.temporal.WorkflowIds;

/**
 * Chaos tier for backups, streamed at 4 MiB/s so there is time to act: a worker killed while a
 * backup streams (the backup completes), and a guest killed while it streams (the backup FAILED
 * with its reason, no object left, the guest restarted and the instance ACTIVE again).
 */
class BackupChaosTest {
  private static final String PROJECT = "backupchaos";
  private static TroveSystem system;

  @BeforeAll
  static void start() throws Exception {
    TestServices services = new TestServices();
    services.backups.writeLimitMibPerSecond = 4;
    system = TroveSystem.startWithExternalWorker(services);
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  void aBackupCompletesAfterItsWorkerIsKilled() throws Exception {
    String instance = system.create(PROJECT, "worker-kill");
    system.api.awaitInstance(PROJECT, instance, ApiClient.status("ACTIVE"), Duration.ofSeconds(90));
    String backup = startBackup(instance);
    system.awaitStep(WorkflowIds.backupCreate(UUID.fromString(backup)), "wait-for-backup");
    assertThat(instanceStatus(instance)).isEqualTo("BACKUP");
    system.worker().killHard();
    system.startWorker();

    JsonNode done = awaitBackup(backup, "COMPLETED|FAILED");
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
    assertThat(system.backupObjects(backup)).contains("manifest.json", "base.tar");
    system.api.awaitInstance(PROJECT, instance, ApiClient.status("ACTIVE"), Duration.ofSeconds(30));
    system.deleteAndCheckNothingLeft(PROJECT, List.of(instance));
  }

  @Test
  void aGuestKilledMidBackupFailsItCleanlyAndTheInstanceComesBack() throws Exception {
    String instance = system.create(PROJECT, "guest-kill");
    system.api.awaitInstance(PROJECT, instance, ApiClient.status("ACTIVE"), Duration.ofSeconds(90));
    String backup = startBackup(instance);
    awaitBackup(backup, "SAVING");
    long killedGuest = system.guestAgentsOf(instance).get(0).pid();
    system.guestAgentsOf(instance).get(0).destroyForcibly();
    long killed = System.nanoTime();

    JsonNode failed = awaitBackup(backup, "COMPLETED|FAILED");
    System.out.printf(
        "guest killed mid-backup: FAILED %d ms later%n", (System.nanoTime() - killed) / 1_000_000);
    assertThat(failed.get("status").asText()).isEqualTo("FAILED");
    assertThat(failed.get("fail_reason").asText()).contains("guest stopped");
    assertThat(system.backupObjects(backup)).as("no partial object").isEmpty();
    system.api.awaitInstance(PROJECT, instance, ApiClient.status("ACTIVE"), Duration.ofSeconds(60));
    assertThat(system.guestAgentsOf(instance)).hasSize(1);
    assertThat(system.guestAgentsOf(instance).get(0).pid()).isNotEqualTo(killedGuest);

    String again = startBackup(instance);
    assertThat(awaitBackup(again, "COMPLETED|FAILED").get("status").asText())
        .isEqualTo("COMPLETED");
    // The conductor records COMPLETED; the workflow then hands the instance back.
    system.api.awaitInstance(PROJECT, instance, ApiClient.status("ACTIVE"), Duration.ofSeconds(30));
    system.deleteAndCheckNothingLeft(PROJECT, List.of(instance));
  }

  private static String startBackup(String instance) {
    ApiClient.Answer created =
        system.api.post(
            PROJECT,
            "/backups",
            "{\"backup\": {\"name\": \"chaos\", \"instance\": \"" + instance + "\"}}");
    assertThat(created.status()).as(created.body().toString()).isEqualTo(202);
    return created.body().get("backup").get("id").asText();
  }

  private static String instanceStatus(String instance) {
    return system
        .api
        .get(PROJECT, "/instances/" + instance)
        .body()
        .get("instance")
        .get("status")
        .asText();
  }

  private static JsonNode awaitBackup(String id, String states) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    JsonNode backup;
    do {
      backup = system.api.get(PROJECT, "/backups/" + id).body().get("backup");
      if (backup.get("status").asText().matches(states)) {
        return backup;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("backup " + id + " never reached " + states + ": " + backup);
  }
}
