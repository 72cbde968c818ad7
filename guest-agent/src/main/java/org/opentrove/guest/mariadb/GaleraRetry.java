package org.opentrove.guest.mariadb;

import java.sql.SQLException;

/**
 * Runs a statement again when Galera refused it for the moment: a certification conflict with
 * another member's write (1213, "Deadlock found when trying to get lock; try restarting
 * transaction") or a member not synced yet, just after it rejoined (1047, "WSREP has not yet
 * prepared node for application use"). Either way the statement changed nothing, and running it
 * again is what the server asks for. Other errors, and the last attempt's, are the caller's.
 */
final class GaleraRetry {
  static final int ATTEMPTS = 8;
  private static final long BACKOFF_MILLIS = 250;
  private static final int CERTIFICATION_CONFLICT = 1213;
  private static final int NOT_SYNCED = 1047;

  interface SqlAction {
    void run() throws SQLException;
  }

  private GaleraRetry() {}

  static void run(SqlAction action) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        action.run();
        return;
      } catch (SQLException e) {
        if (attempt == ATTEMPTS || !isTransient(e)) {
          throw e;
        }
        pause(attempt * BACKOFF_MILLIS, e);
      }
    }
  }

  static boolean isTransient(SQLException e) {
    return e.getErrorCode() == CERTIFICATION_CONFLICT || e.getErrorCode() == NOT_SYNCED;
  }

  private static void pause(long millis, SQLException cause) throws SQLException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw cause;
    }
  }
}
