package org.opentrove.guest.postgres;

import static org.opentrove.guest.Identifiers.quoteIdentifier;
import static org.opentrove.guest.Identifiers.quoteLiteral;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.UserSpec;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Databases and users, over JDBC on 127.0.0.1 as the agent's own superuser. DDL cannot take bind
 * parameters, so names and literals go through {@link org.opentrove.guest.Identifiers}; lookups use
 * bind parameters. User passwords are hashed here (SCRAM-SHA-256) so that neither the server's log
 * nor its statement statistics ever see them in clear.
 */
final class PostgresAdmin implements AutoCloseable {
  static final String MAINTENANCE_DATABASE = "postgres";
  private static final Logger log = LoggerFactory.getLogger(PostgresAdmin.class);
  private static final int PING_TIMEOUT_SECONDS = 3;
  private static final int STATEMENT_TIMEOUT_SECONDS = 120;

  private final int port;
  private final String adminPassword;
  private Connection healthConnection;

  PostgresAdmin(int port, String adminPassword) {
    this.port = port;
    this.adminPassword = adminPassword;
  }

  int port() {
    return port;
  }

  /**
   * Whether {@code select 1} succeeds within a few seconds. The health check runs on every
   * heartbeat, so it keeps one connection open rather than paying a SCRAM login each time; a broken
   * connection is replaced once per call.
   */
  synchronized boolean ping() {
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        if (healthConnection == null) {
          healthConnection = connect(MAINTENANCE_DATABASE, PING_TIMEOUT_SECONDS);
        }
        try (Statement statement = healthConnection.createStatement()) {
          statement.setQueryTimeout(PING_TIMEOUT_SECONDS);
          try (ResultSet rs = statement.executeQuery("select 1")) {
            return rs.next();
          }
        }
      } catch (SQLException e) {
        log.debug("health check failed: {}", e.getMessage());
        closeHealthConnection();
      }
    }
    return false;
  }

  /** Closes the health-check connection; the admin stays usable. */
  @Override
  public synchronized void close() {
    closeHealthConnection();
  }

  private void closeHealthConnection() {
    if (healthConnection == null) {
      return;
    }
    try {
      healthConnection.close();
    } catch (SQLException e) {
      log.debug("closing the health-check connection: {}", e.getMessage());
    }
    healthConnection = null;
  }

  /** Creates the database unless one of that name exists; returns whether it created it. */
  boolean createDatabase(DatabaseSpec spec) throws SQLException {
    try (Connection connection = connect(MAINTENANCE_DATABASE)) {
      if (exists(connection, "select 1 from pg_database where datname = ?", spec.name())) {
        log.info("database {} exists; not creating it", quoteIdentifier(spec.name()));
        return false;
      }
      StringBuilder sql =
          new StringBuilder("CREATE DATABASE ").append(quoteIdentifier(spec.name()));
      if (spec.characterSet() != null || spec.collate() != null) {
        // template1 fixes encoding and collation; template0 lets the new database choose.
        sql.append(" TEMPLATE template0");
      }
      if (spec.characterSet() != null) {
        sql.append(" ENCODING ").append(quoteLiteral(spec.characterSet()));
      }
      if (spec.collate() != null) {
        sql.append(" LC_COLLATE ").append(quoteLiteral(spec.collate()));
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql.toString());
      }
      log.info("created database {}", quoteIdentifier(spec.name()));
      return true;
    }
  }

  /** Creates a login role unless one of that name exists; returns whether it created it. */
  boolean createUser(UserSpec spec) throws SQLException {
    if (spec.password() == null || spec.password().isEmpty()) {
      throw new IllegalArgumentException("user " + spec.name() + " has no password");
    }
    try (Connection connection = connect(MAINTENANCE_DATABASE)) {
      if (exists(connection, "select 1 from pg_roles where rolname = ?", spec.name())) {
        log.info("user {} exists; not creating it", quoteIdentifier(spec.name()));
        return false;
      }
      String verifier = PasswordUtil.encodeScramSha256(spec.password().toCharArray());
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE ROLE "
                + quoteIdentifier(spec.name())
                + " LOGIN PASSWORD "
                + quoteLiteral(verifier));
      }
      log.info("created user {}", quoteIdentifier(spec.name()));
      return true;
    }
  }

  /**
   * Grants {@code user} everything on {@code database} and on its schema {@code public} (since
   * PostgreSQL 15 only the database owner may create objects there by default).
   */
  void grantAccess(String user, String database) throws SQLException {
    try (Connection connection = connect(MAINTENANCE_DATABASE);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "GRANT ALL PRIVILEGES ON DATABASE "
              + quoteIdentifier(database)
              + " TO "
              + quoteIdentifier(user));
    }
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute("GRANT ALL ON SCHEMA public TO " + quoteIdentifier(user));
    }
    log.info("granted {} access to database {}", quoteIdentifier(user), quoteIdentifier(database));
  }

  private static boolean exists(Connection connection, String query, String name)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  private Connection connect(String database) throws SQLException {
    return connect(database, STATEMENT_TIMEOUT_SECONDS);
  }

  private Connection connect(String database, int timeoutSeconds) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", AdminCredentials.USER);
    properties.setProperty("password", adminPassword);
    properties.setProperty("connectTimeout", Integer.toString(Math.min(timeoutSeconds, 10)));
    properties.setProperty("loginTimeout", Integer.toString(Math.min(timeoutSeconds, 10)));
    properties.setProperty("socketTimeout", Integer.toString(timeoutSeconds + 5));
    properties.setProperty("sslmode", "disable");
    properties.setProperty("ApplicationName", "opentrove-guest-agent");
    // The driver URL-decodes the database name, so any name survives the round trip.
    String url =
        "jdbc:postgresql://127.0.0.1:"
            + port
            + "/"
            + URLEncoder.encode(database, StandardCharsets.UTF_8);
    return DriverManager.getConnection(url, properties);
  }
}
