package org.opentrove.dist.dev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.opentrove.activities.compute.LocalComputeActivities;
import org.opentrove.activities.compute.LocalComputeConfig;
import org.opentrove.activities.volume.LocalVolumeActivities;
import org.opentrove.contract.AmqpSettings;
import org.opentrove.contract.bus.GuestCredentials;

/**
 * Cleans up after a dev mode that was killed outright (SIGKILL: no shutdown hook runs). Dev mode
 * starts it in its own session, so it outlives that kill; it polls dev's pid and, once dev is gone,
 * deletes every guest under the work directory (processes, OS users, egress rules), stops the
 * embedded control-plane PostgreSQL and removes the work directory. A dev mode that stops normally
 * stops its watchdog first. Production guests have no watchdog: they must outlive a killed worker.
 */
public final class DevWatchdog {
  static final Duration POLL = Duration.ofMillis(250);
  private static final Duration PG_STOP_GRACE = Duration.ofSeconds(5);

  private final long devPid;
  private final Instant devStarted;
  private final Path workDir;
  private final Path serversDir;
  private final Path controlPlanePgData;

  DevWatchdog(
      long devPid, Instant devStarted, Path workDir, Path serversDir, Path controlPlanePgData) {
    this.devPid = devPid;
    this.devStarted = devStarted;
    this.workDir = workDir;
    this.serversDir = serversDir;
    this.controlPlanePgData = controlPlanePgData;
  }

  /** {@code <dev pid> <dev start epoch millis> <work dir> <servers dir> <control-plane pgdata>} */
  public static void main(String[] args) throws Exception {
    DevWatchdog watchdog =
        new DevWatchdog(
            Long.parseLong(args[0]),
            Instant.ofEpochMilli(Long.parseLong(args[1])),
            Path.of(args[2]),
            Path.of(args[3]),
            Path.of(args[4]));
    watchdog.awaitDevGone();
    log("dev mode (pid " + args[0] + ") is gone; cleaning up " + args[2]);
    watchdog.cleanUp();
    log("done");
  }

  /** The command that runs a watchdog for this process (as {@code setsid}: its own session). */
  static List<String> command(Path workDir, Path serversDir, Path controlPlanePgData) {
    return command(ProcessHandle.current(), workDir, serversDir, controlPlanePgData);
  }

  /** The command that runs a watchdog for {@code dev}. */
  static List<String> command(
      ProcessHandle dev, Path workDir, Path serversDir, Path controlPlanePgData) {
    ProcessHandle self = ProcessHandle.current();
    List<String> command = new ArrayList<>();
    command.add("setsid");
    command.add(self.info().command().orElse("java"));
    command.addAll(
        List.of("-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-cp"));
    command.add(System.getProperty("java.class.path"));
    command.add(DevWatchdog.class.getName());
    command.add(Long.toString(dev.pid()));
    command.add(Long.toString(startOf(dev).toEpochMilli()));
    command.add(workDir.toString());
    command.add(serversDir.toString());
    command.add(controlPlanePgData.toString());
    return command;
  }

  void awaitDevGone() throws InterruptedException {
    while (devIsAlive()) {
      Thread.sleep(POLL.toMillis());
    }
  }

  private boolean devIsAlive() {
    Optional<ProcessHandle> dev = ProcessHandle.of(devPid);
    // A recycled pid belongs to a process started later than dev.
    return dev.isPresent() && dev.get().isAlive() && startOf(dev.get()).equals(devStarted);
  }

  private static Instant startOf(ProcessHandle process) {
    return process.info().startInstant().orElse(Instant.EPOCH);
  }

  void cleanUp() {
    deleteGuests();
    stopControlPlanePostgres();
    deleteTree(workDir);
  }

  private void deleteGuests() {
    if (!Files.isDirectory(serversDir)) {
      return;
    }
    LocalComputeConfig config = new LocalComputeConfig();
    config.dataRoot = serversDir.toString();
    config.stopGraceSeconds = 5;
    // Only deletes: it launches nothing, so the guests' broker credentials are never derived here.
    LocalComputeActivities compute =
        new LocalComputeActivities(config, new AmqpSettings(), new GuestCredentials(new byte[32]));
    LocalVolumeActivities volumes = new LocalVolumeActivities(config);
    try (Stream<Path> dirs = Files.list(serversDir)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        String id = dir.getFileName().toString();
        if (id.matches("[0-9a-f-]{36}")) {
          try {
            compute.deleteServer(id);
            volumes.deleteVolume(id);
            log("deleted guest " + id);
          } catch (RuntimeException e) {
            log("cannot delete guest " + id + ": " + e);
          }
        }
      }
    } catch (IOException e) {
      log("cannot list " + serversDir + ": " + e);
    }
  }

  private void stopControlPlanePostgres() {
    Optional<ProcessHandle> postmaster = postmaster();
    if (postmaster.isEmpty()) {
      return;
    }
    signal(postmaster.get().pid(), "INT"); // PostgreSQL's fast shutdown
    long deadline = System.nanoTime() + PG_STOP_GRACE.toNanos();
    while (postmaster.get().isAlive() && System.nanoTime() < deadline) {
      sleep(50);
    }
    if (postmaster.get().isAlive()) {
      postmaster.get().descendants().forEach(ProcessHandle::destroyForcibly);
      postmaster.get().destroyForcibly();
    }
    log("stopped the control-plane PostgreSQL (pid " + postmaster.get().pid() + ")");
  }

  private Optional<ProcessHandle> postmaster() {
    try {
      List<String> lines =
          Files.readAllLines(controlPlanePgData.resolve("postmaster.pid"), StandardCharsets.UTF_8);
      return ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
          .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void signal(long pid, String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    } catch (IOException e) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log("cannot remove " + root + ": " + e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void log(String message) {
    System.out.println(Instant.now() + " watchdog: " + message);
  }
}
