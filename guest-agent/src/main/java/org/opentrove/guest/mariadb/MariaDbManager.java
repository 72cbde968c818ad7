package org.opentrove.guest.mariadb;

import org.opentrove.guest.GuestAgentConfig;
import org.opentrove.guest.ManagedDatastore;
import org.opentrove.guest.os.ProcessRunner;
import org.opentrove.guest.os.RunAs;
import org.opentrove.guest.runtime.DatastoreRuntime;
import org.opentrove.objects.ObjectStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The MariaDB manager: the common guest API around {@link MariaDbApp}. */
public final class MariaDbManager {
  public static final String DATASTORE = "mariadb";
  private static final Logger log = LoggerFactory.getLogger(MariaDbManager.class);

  private MariaDbManager() {}

  /** Locates the host's MariaDB and the OS user; fails early when either is missing. */
  public static ManagedDatastore create(GuestAgentConfig config, Runnable statusChanged) {
    ProcessRunner runner = new ProcessRunner();
    RunAs runAs = DatastoreRuntime.open(config, MariaDbApp.OS_USER, runner);
    MariaDbBinaries binaries =
        runAs.inContainer() ? MariaDbBinaries.IN_IMAGE : MariaDbBinaries.locate();
    log.info(
        "MariaDB: {}, run as {}",
        DatastoreRuntime.describe(config, () -> binaries.version(runner, runAs, config.dataDir())),
        runAs.user().orElse("the agent's own user"));
    MariaDbApp app = new MariaDbApp(binaries, config.dataDir(), runAs, runner, config.instanceId());
    return new ManagedDatastore(
        config.dataDir(), app, ObjectStores.open(config.objectStore()), statusChanged);
  }
}
