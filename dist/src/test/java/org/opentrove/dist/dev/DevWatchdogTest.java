package org.opentrove.dist.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opentrove.activities.compute.VmProcesses;

/**
 * A dev mode killed with SIGKILL runs no shutdown hook: its watchdog (a real process in its own
 * session) must notice and stop the embedded control-plane PostgreSQL (real, zonky) and the guests
 * (a process that names its server directory, as a guest does), then remove the work directory.
 */
class DevWatchdogTest {
  private static final Duration LIMIT = Duration.ofSeconds(15);

  @Test
  void killDashNineOfDevStopsEverythingItStartedWithinSeconds() throws Exception {
    Process dev = new ProcessBuilder("sleep", "600").start();
    Path tmp = Files.createTempDirectory("watchdog-test-");
    DevWorkDir workDir = DevWorkDir.create(tmp, dev.pid());
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setOverrideWorkingDirectory(workDir.postgresBinaries().toFile())
            .setDataDirectory(workDir.controlPlanePgData())
            .setServerConfig("listen_addresses", "127.0.0.1")
            .start();
    Process guest = null;
    Process watchdog = null;
    try {
      long postmaster = postmasterPid(workDir.controlPlanePgData()).orElseThrow();
      Path server = workDir.servers().resolve(UUID.randomUUID().toString());
      Files.createDirectories(server);
      guest =
          new ProcessBuilder(
                  "bash", "-c", "exec -a 'guest " + server.resolve("guest.conf") + "' sleep 600")
              .start();
      Files.writeString(server.resolve("guest.pid"), Long.toString(guest.pid()));
      awaitTrue(() -> !VmProcesses.referencing(server).isEmpty(), "the guest names its dir");

      watchdog =
          new ProcessBuilder(
                  DevWatchdog.command(
                      dev.toHandle(),
                      workDir.root(),
                      workDir.servers(),
                      workDir.controlPlanePgData()))
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("watchdog.log").toFile())
              .start();
      Thread.sleep(1000);
      assertThat(watchdog.isAlive()).as("the watchdog waits while dev lives").isTrue();
      assertThat(ProcessHandle.of(postmaster)).isPresent();

      long killed = System.nanoTime();
      dev.destroyForcibly(); // SIGKILL
      Process guestProcess = guest;
      awaitTrue(
          () ->
              ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive).isEmpty()
                  && !guestProcess.isAlive()
                  && !Files.exists(workDir.root()),
          "PostgreSQL and the guest stopped, the work directory removed");
      long millis = (System.nanoTime() - killed) / 1_000_000;
      System.out.printf(
          "kill -9 of dev: PostgreSQL and guest stopped, work dir removed in %d ms%n", millis);
      assertThat(Duration.ofMillis(millis)).isLessThan(LIMIT);
      assertThat(watchdog.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } finally {
      System.out.println(Files.readString(tmp.resolve("watchdog.log"), StandardCharsets.UTF_8));
      for (Process p : new Process[] {dev, guest, watchdog}) {
        if (p != null) {
          p.destroyForcibly();
        }
      }
      try {
        pg.close();
      } catch (Exception alreadyStopped) {
        // the watchdog stopped it
      }
      DevWatchdog.deleteTree(tmp);
    }
  }

  private static Optional<Long> postmasterPid(Path pgdata) throws Exception {
    List<String> lines = Files.readAllLines(pgdata.resolve("postmaster.pid"));
    return Optional.of(Long.parseLong(lines.get(0).strip()));
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      if (check.holds()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not within " + LIMIT.plusSeconds(5) + ": " + what);
  }
}
