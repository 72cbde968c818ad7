package org.opentrove.guest;

import org.opentrove.guest.postgres.PostgresManager;

/** Chooses the manager for the configured datastore; a new datastore is a sibling package. */
public final class DatastoreManagers {
  public static final String POSTGRESQL = "postgresql";

  private DatastoreManagers() {}

  public static boolean isSupported(String datastore) {
    return POSTGRESQL.equals(datastore);
  }

  /**
   * @param statusChanged called after a status change the control plane should learn at once
   */
  public static DatastoreManager create(GuestAgentConfig config, Runnable statusChanged) {
    if (POSTGRESQL.equals(config.datastore())) {
      return PostgresManager.create(config, statusChanged);
    }
    throw new GuestConfigException("unsupported datastore '" + config.datastore() + "'");
  }
}
