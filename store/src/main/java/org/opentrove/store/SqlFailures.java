package org.opentrove.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Predicate;
import org.jdbi.v3.core.ConnectionException;

/** What a failure from the control-plane database says, read off its cause chain. */
public final class SqlFailures {
  private SqlFailures() {}

  /**
   * The database cannot be reached right now: no connection, or SQLSTATE 08 (connection exceptions)
   * or 57P0x (shutting down, crashed or starting).
   */
  public static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectionException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
    }
    return hasSqlState(failure, state -> state.startsWith("08") || state.startsWith("57P0"));
  }

  /** Whether an SQL error on the cause chain has a SQLSTATE that {@code matches}. */
  public static boolean hasSqlState(Throwable failure, Predicate<String> matches) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && matches.test(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
