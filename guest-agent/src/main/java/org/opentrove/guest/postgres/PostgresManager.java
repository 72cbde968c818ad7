package org.opentrove.guest.postgres;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.opentrove.guest.GuestAgentConfig;
import org.opentrove.guest.ManagedDatastore;
import org.opentrove.guest.os.ProcessRunner;
import org.opentrove.guest.os.ReservedArea;
import org.opentrove.guest.os.RunAs;
import org.opentrove.guest.runtime.DatastoreRuntime;
import org.opentrove.objects.ObjectStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The PostgreSQL manager: the common guest API around {@link PostgresApp}. */
public final class PostgresManager {
  public static final String DATASTORE = "postgresql";
  private static final Logger log = LoggerFactory.getLogger(PostgresManager.class);

  private PostgresManager() {}

  /**
   * Locates the binaries and the OS user for {@code config}; fails early when either is missing.
   *
   * @param statusChanged called after a status change the control plane should learn at once
   */
  public static ManagedDatastore create(GuestAgentConfig config, Runnable statusChanged) {
    ProcessRunner runner = new ProcessRunner();
    // A new volume's area is made while the runtime comes up; a container already running gets it
    // too (its bind of the volume is a slave of the volume's shared mount). An existing one must
    // mount, or the agent does not start: its WAL is there.
    Supplier<Optional<ReservedArea>> openArea =
        () ->
            ReservedArea.open(config.dataDir(), !PostgresApp.initdbDone(config.dataDir()), runner);
    CompletableFuture<Optional<ReservedArea>> reservedArea =
        PostgresApp.initdbDone(config.dataDir())
            ? CompletableFuture.completedFuture(openArea.get())
            : CompletableFuture.supplyAsync(openArea);
    RunAs runAs = DatastoreRuntime.open(config, PostgresApp.OS_USER, runner);
    PgBinaries binaries =
        runAs.inContainer()
            ? PgBinaries.IN_IMAGE
            : PgBinaries.locate(config.pgBinDir(), PgBinaries.defaultCacheRoot());
    log.info(
        "PostgreSQL: {} in {}, run as {}",
        DatastoreRuntime.describe(config, () -> binaries.version(runner, runAs, config.dataDir())),
        binaries.binDir(),
        runAs.user().orElse("the agent's own user"));
    PostgresApp app =
        new PostgresApp(binaries, config.dataDir(), runAs, runner, reservedArea, openArea);
    return new ManagedDatastore(
        config.dataDir(), app, ObjectStores.open(config.objectStore()), statusChanged);
  }
}
