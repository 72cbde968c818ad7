package org.opentrove.guest.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.opentrove.contract.BackupArgs;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.guest.DatastoreAdmin;
import org.opentrove.guest.os.AgentWrites;
import org.opentrove.objects.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs backups one at a time off the RPC thread (the guest keeps answering calls and heartbeats),
 * and reports each through the {@link BackupReporter}: SAVING with bytes so far, then COMPLETED or
 * FAILED. A failed backup's objects are removed. A command for a backup already running or finished
 * is not run twice: a finished one's result is reported again.
 */
public final class BackupRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackupRunner.class);
  private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

  private static final String RUNNING_FILE = "backup.running";

  private final String instanceId;
  private final ObjectStore store;
  private final long maxBytesPerSecond;
  private final Path running;
  private final BackupReporter reporter;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "backup");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, BackupUpdate> outcomes = new ConcurrentHashMap<>();

  public BackupRunner(String instanceId, ObjectStore store, BackupReporter reporter) {
    this(instanceId, store, 0, null, reporter);
  }

  /**
   * @param maxBytesPerSecond caps how fast backups are written (0: as fast as they come)
   * @param stateDir where the running backup is noted, so that an agent that restarts during one
   *     reports it failed (null: not noted)
   */
  public BackupRunner(
      String instanceId,
      ObjectStore store,
      long maxBytesPerSecond,
      Path stateDir,
      BackupReporter reporter) {
    this.instanceId = instanceId;
    this.store = store;
    this.maxBytesPerSecond = maxBytesPerSecond;
    this.running = stateDir == null ? null : stateDir.resolve(RUNNING_FILE);
    this.reporter = reporter;
  }

  /**
   * At agent start: a backup the previous agent process was streaming is lost with it. Report it
   * FAILED (the workflow then removes its objects) rather than leave it waiting for a report.
   */
  public void reportInterrupted() {
    if (running == null || !Files.exists(running, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      String backupId = AgentWrites.read(running).strip();
      log.warn("backup {} was streaming when the agent stopped; reporting it failed", backupId);
      BackupUpdate failed =
          new BackupUpdate(
              instanceId,
              backupId,
              BackupUpdate.FAILED,
              0,
              null,
              Map.of(),
              "backup failed: the guest agent restarted while it was streaming");
      outcomes.put(backupId, failed);
      reporter.report(failed);
      Files.deleteIfExists(running);
    } catch (IOException e) {
      log.warn("cannot read {}: {}", running, e.toString());
    }
  }

  public ObjectStore store() {
    return store;
  }

  /** Queues the backup; returns at once. */
  public void start(BackupArgs args, DatastoreBackups engine, Supplier<DatastoreAdmin> admin) {
    BackupUpdate known = outcomes.putIfAbsent(args.backupId(), saving(args, 0));
    if (known != null) {
      log.info("backup {} was asked for again; it is {}", args.backupId(), known.state());
      if (!BackupUpdate.SAVING.equals(known.state())) {
        reporter.report(known);
      }
      return;
    }
    executor.execute(() -> run(args, engine, admin));
  }

  private void run(BackupArgs args, DatastoreBackups engine, Supplier<DatastoreAdmin> admin) {
    long started = System.nanoTime();
    BackupObjects objects = new BackupObjects(store, args.location(), maxBytesPerSecond);
    long[] lastReport = {0};
    BackupUpdate outcome;
    try {
      note(args.backupId());
      reporter.report(saving(args, 0));
      BackupResult result =
          engine.backup(
              args,
              admin.get(),
              objects,
              bytes -> {
                long now = System.nanoTime();
                if (now - lastReport[0] > PROGRESS_INTERVAL_NANOS) {
                  lastReport[0] = now;
                  reporter.report(saving(args, bytes));
                }
              });
      outcome =
          new BackupUpdate(
              instanceId,
              args.backupId(),
              BackupUpdate.COMPLETED,
              result.sizeBytes(),
              result.checksum(),
              result.metadata(),
              null);
      log.info(
          "backup {} completed: {} bytes in {} ms",
          args.backupId(),
          result.sizeBytes(),
          (System.nanoTime() - started) / 1_000_000);
    } catch (Exception e) {
      String message = "backup failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
      log.error("backup {}: {}", args.backupId(), message);
      try {
        objects.discard();
      } catch (Exception cleanup) {
        log.warn(
            "cannot remove the objects of failed backup {}: {}",
            args.backupId(),
            cleanup.toString());
      }
      outcome =
          new BackupUpdate(
              instanceId, args.backupId(), BackupUpdate.FAILED, 0, null, Map.of(), message);
    }
    outcomes.put(args.backupId(), outcome);
    reporter.report(outcome);
    note(null);
  }

  private void note(String backupId) {
    if (running == null) {
      return;
    }
    try {
      if (backupId == null) {
        Files.deleteIfExists(running);
      } else {
        AgentWrites.replace(running, backupId);
      }
    } catch (IOException e) {
      log.warn("cannot note the running backup in {}: {}", running, e.toString());
    }
  }

  private BackupUpdate saving(BackupArgs args, long bytes) {
    return new BackupUpdate(
        instanceId, args.backupId(), BackupUpdate.SAVING, bytes, null, Map.of(), null);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
