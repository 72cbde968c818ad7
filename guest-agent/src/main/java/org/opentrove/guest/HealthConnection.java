package org.opentrove.guest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health check runs on every heartbeat, so it keeps one connection open rather than paying a
 * login each time; a broken connection is replaced once per check.
 */
public final class HealthConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HealthConnection.class);

  /** Opens a connection as the agent's administrator, within the timeout. */
  @FunctionalInterface
  public interface Connector {
    Connection connect(int timeoutSeconds) throws SQLException;
  }

  private final Connector connector;
  private final int timeoutSeconds;
  private final String query;
  private Connection connection;

  public HealthConnection(Connector connector, int timeoutSeconds) {
    this(connector, timeoutSeconds, "select 1");
  }

  /** {@code query} answers a row when the datastore can serve its clients. */
  public HealthConnection(Connector connector, int timeoutSeconds, String query) {
    this.connector = connector;
    this.timeoutSeconds = timeoutSeconds;
    this.query = query;
  }

  /** Whether the health query answers a row within the timeout. */
  public synchronized boolean ping() {
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        if (connection == null) {
          connection = connector.connect(timeoutSeconds);
        }
        try (Statement statement = connection.createStatement()) {
          statement.setQueryTimeout(timeoutSeconds);
          try (ResultSet rs = statement.executeQuery(query)) {
            return rs.next();
          }
        }
      } catch (SQLException e) {
        log.debug("health check failed: {}", e.getMessage());
        close();
      }
    }
    return false;
  }

  @Override
  public synchronized void close() {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("closing the health-check connection: {}", e.getMessage());
    }
    connection = null;
  }
}
