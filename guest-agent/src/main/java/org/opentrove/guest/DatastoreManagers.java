package org.opentrove.guest;

import java.util.Set;
import org.opentrove.guest.mariadb.MariaDbManager;
import org.opentrove.guest.postgres.PostgresManager;

/** Chooses the manager for the configured datastore; a new datastore is a sibling package. */
public final class DatastoreManagers {
  public static final String POSTGRESQL = PostgresManager.DATASTORE;
  public static final String MARIADB = MariaDbManager.DATASTORE;
  private static final Set<String> SUPPORTED = Set.of(POSTGRESQL, MARIADB);

  private DatastoreManagers() {}

  public static boolean isSupported(String datastore) {
    return SUPPORTED.contains(datastore);
  }

  /**
   * @param statusChanged called after a status change the control plane should learn at once
   */
  public static DatastoreManager create(GuestAgentConfig config, Runnable statusChanged) {
    return switch (config.datastore()) {
      case PostgresManager.DATASTORE -> PostgresManager.create(config, statusChanged);
      case MariaDbManager.DATASTORE -> MariaDbManager.create(config, statusChanged);
      default ->
          throw new GuestConfigException("unsupported datastore '" + config.datastore() + "'");
    };
  }
}
