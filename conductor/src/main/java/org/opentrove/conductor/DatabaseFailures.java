package org.opentrove.conductor;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.jdbi.v3.core.JdbiException;
import org.opentrove.store.SqlFailures;

/**
 * Tells a failure that passes (the database is down or busy: retry the whole batch later) from one
 * a message causes (dead-letter that message). Same rule as the API's 503 for an unreachable
 * database, plus the conflicts a retry resolves.
 */
final class DatabaseFailures {
  /** Deadlock, serialization failure, lock not available, statement cancelled. */
  private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01", "55P03", "57014");

  private DatabaseFailures() {}

  static boolean isTransient(Throwable failure) {
    if (SqlFailures.unreachable(failure)) {
      return true;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException) {
        return true;
      }
    }
    // 53: out of connections or memory.
    return SqlFailures.hasSqlState(
        failure, state -> state.startsWith("53") || RETRYABLE_STATES.contains(state));
  }

  /**
   * A short reason for a log or a dead letter's header: the SQLSTATE and the first line of the
   * database's message. Jdbi's own messages are left out: they quote the statement's arguments,
   * which hold what the guest sent.
   */
  static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return "SQLSTATE " + sql.getSQLState() + ": " + firstLine(sql.getMessage());
      }
    }
    if (failure instanceof JdbiException) {
      return failure.getClass().getSimpleName();
    }
    return failure.getClass().getSimpleName() + ": " + firstLine(failure.getMessage());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
