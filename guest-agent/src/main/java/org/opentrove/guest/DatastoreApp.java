package org.opentrove.guest;

import java.io.IOException;
import org.opentrove.guest.backup.DatastoreBackups;

/** One datastore's lifecycle on this instance (Trove's per-datastore "app"). */
public interface DatastoreApp {

  /** For messages: {@code PostgreSQL}, {@code MariaDB}. */
  String displayName();

  /** The datastore the API names it by: {@code postgresql}, {@code mariadb}. */
  String datastore();

  /**
   * Creates the empty data directory (initdb, install-db) unless a finished one is there. It needs
   * nothing from prepare, so the agent runs it as soon as it boots, while prepare is on its way.
   */
  void initialiseAhead(AdminCredentials credentials) throws IOException;

  /** Whether the data directory and this instance's configuration are complete. */
  boolean isInitialised();

  /** The data directory (unless made ahead) and the configuration for this port and memory. */
  void initialise(AdminCredentials credentials, int port, int memoryMb) throws IOException;

  /**
   * Rewrites the configuration for this port and memory (the flavor's); the server, stopped, takes
   * it when it starts next. Data and everything else are left as they are.
   */
  void reconfigure(int port, int memoryMb) throws IOException;

  /** Starts the server unless it runs; returns once it accepts connections (or fails). */
  void start() throws IOException;

  /** Stops the server if it runs, waiting at most {@code waitSeconds}. */
  void stop(int waitSeconds);

  /** Restarts the server, starting it if it was stopped. */
  void restart() throws IOException;

  boolean isRunning();

  /** Backups of this datastore, and restores into this instance. */
  DatastoreBackups backups();

  /** Databases, users and root on the server listening on {@code port}, as {@code login}. */
  DatastoreAdmin admin(int port, AdminCredentials.Login login);

  /** Replicas of this datastore, and this datastore as a replica. */
  DatastoreReplication replication();

  /** Multi-master clusters of this datastore; none unless the engine has them. */
  default DatastoreClustering clustering() {
    return DatastoreClustering.NOT_BUILT;
  }
}
