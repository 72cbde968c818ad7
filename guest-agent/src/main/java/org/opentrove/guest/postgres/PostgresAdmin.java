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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.RootCredentials;
import org.opentrove.contract.UserInfo;
import org.opentrove.contract.UserRef;
import org.opentrove.contract.UserSpec;
import org.opentrove.guest.AdminCredentials;
import org.opentrove.guest.DatastoreAdmin;
import org.opentrove.guest.HealthConnection;
import org.opentrove.guest.Passwords;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Databases and users, over JDBC on 127.0.0.1 as the agent's own superuser. DDL cannot take bind
 * parameters, so names and literals go through {@link org.opentrove.guest.Identifiers}; lookups use
 * bind parameters. User passwords are hashed here (SCRAM-SHA-256) so that neither the server's log
 * nor its statement statistics ever see them in clear.
 */
final class PostgresAdmin implements DatastoreAdmin {
  static final String MAINTENANCE_DATABASE = "postgres";
  static final String ROOT_USER = "postgres";
  private static final String ANY_HOST = "%";
  private static final Set<String> SYSTEM_DATABASES =
      Set.of(MAINTENANCE_DATABASE, "template0", "template1");
  private static final Set<String> SYSTEM_USERS =
      Set.of(ROOT_USER, AdminCredentials.USER, "public", "");
  private static final Logger log = LoggerFactory.getLogger(PostgresAdmin.class);
  private static final int PING_TIMEOUT_SECONDS = 3;
  private static final int STATEMENT_TIMEOUT_SECONDS = 120;

  private final int port;
  private final AdminCredentials.Login login;
  private final HealthConnection health =
      new HealthConnection(t -> connect(MAINTENANCE_DATABASE, t), PING_TIMEOUT_SECONDS);

  PostgresAdmin(int port, AdminCredentials.Login login) {
    this.port = port;
    this.login = login;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public boolean ping() {
    return health.ping();
  }

  /** Closes the health-check connection; the admin stays usable. */
  @Override
  public void close() {
    health.close();
  }

  @Override
  public List<DatabaseSpec> listDatabases() throws SQLException {
    List<DatabaseSpec> databases = new ArrayList<>();
    try (Connection connection = connect(MAINTENANCE_DATABASE);
        PreparedStatement statement =
            connection.prepareStatement(
                "select datname, pg_encoding_to_char(encoding), datcollate from pg_database"
                    + " where not datistemplate and datname <> ? order by datname")) {
      statement.setString(1, MAINTENANCE_DATABASE);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          databases.add(new DatabaseSpec(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return databases;
  }

  @Override
  public boolean databaseExists(String name) throws SQLException {
    try (Connection connection = connect(MAINTENANCE_DATABASE)) {
      return exists(connection, "select 1 from pg_database where datname = ?", name);
    }
  }

  /**
   * Creates the database unless one of that name exists; returns whether it created it. PUBLIC
   * loses CONNECT on it (PostgreSQL grants it by default), so only users granted access get in.
   */
  @Override
  public boolean createDatabase(DatabaseSpec spec) throws SQLException {
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
        // collation and character classes from one locale, so they agree with the encoding
        sql.append(" LOCALE ").append(quoteLiteral(spec.collate()));
      } else if (spec.characterSet() != null && !isUtf8(spec.characterSet())) {
        // the cluster's locale is UTF-8; C goes with every encoding
        sql.append(" LOCALE 'C'");
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql.toString());
        statement.execute(
            "REVOKE CONNECT, TEMPORARY ON DATABASE "
                + quoteIdentifier(spec.name())
                + " FROM PUBLIC");
      }
      log.info("created database {}", quoteIdentifier(spec.name()));
      return true;
    }
  }

  /** Drops the database, ending the sessions still connected to it. */
  @Override
  public void deleteDatabase(String name) throws SQLException {
    try (Connection connection = connect(MAINTENANCE_DATABASE);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + quoteIdentifier(name) + " WITH (FORCE)");
    }
    log.info("dropped database {}", quoteIdentifier(name));
  }

  @Override
  public List<UserInfo> listUsers() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = connect(MAINTENANCE_DATABASE);
        PreparedStatement statement =
            connection.prepareStatement(
                "select rolname from pg_roles where rolcanlogin and rolname <> ? and rolname <> ?"
                    + " and rolname not like 'pg\\_%' and rolname not like 'os\\_repl\\_%'"
                    + " order by rolname")) {
      statement.setString(1, AdminCredentials.USER);
      statement.setString(2, ROOT_USER);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
    }
    List<UserInfo> users = new ArrayList<>();
    for (String name : names) {
      UserRef ref = new UserRef(name, ANY_HOST);
      users.add(new UserInfo(name, ANY_HOST, listAccess(ref)));
    }
    return users;
  }

  /** PostgreSQL roles have no host: only {@code %} (or none) names one. */
  @Override
  public Optional<UserInfo> getUser(UserRef user) throws SQLException {
    if (!anyHost(user.host()) || isReserved(user.name())) {
      return Optional.empty();
    }
    try (Connection connection = connect(MAINTENANCE_DATABASE)) {
      if (!exists(
          connection, "select 1 from pg_roles where rolname = ? and rolcanlogin", user.name())) {
        return Optional.empty();
      }
    }
    return Optional.of(new UserInfo(user.name(), ANY_HOST, listAccess(user)));
  }

  /** Creates a login role unless one of that name exists; returns whether it created it. */
  @Override
  public boolean createUser(UserSpec spec) throws SQLException {
    if (spec.password() == null || spec.password().isEmpty()) {
      throw new IllegalArgumentException("user " + spec.name() + " has no password");
    }
    try (Connection connection = connect(MAINTENANCE_DATABASE)) {
      if (exists(connection, "select 1 from pg_roles where rolname = ?", spec.name())) {
        log.info("user {} exists; not creating it", quoteIdentifier(spec.name()));
        return false;
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE ROLE "
                + quoteIdentifier(spec.name())
                + " LOGIN PASSWORD "
                + quoteLiteral(verifier(spec.password())));
      }
      log.info("created user {}", quoteIdentifier(spec.name()));
      return true;
    }
  }

  /**
   * Drops the role after handing what it owns to the agent's administrator and dropping its
   * privileges, in every database (a role with privileges left cannot be dropped).
   */
  @Override
  public void deleteUser(UserRef user) throws SQLException {
    String role = quoteIdentifier(user.name());
    for (String database : connectableDatabases()) {
      try (Connection connection = connect(database);
          Statement statement = connection.createStatement()) {
        statement.execute(
            "REASSIGN OWNED BY " + role + " TO " + quoteIdentifier(AdminCredentials.USER));
        statement.execute("DROP OWNED BY " + role);
      }
    }
    try (Connection connection = connect(MAINTENANCE_DATABASE);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP ROLE IF EXISTS " + role);
    }
    log.info("dropped user {}", role);
  }

  @Override
  public void changePassword(UserRef user, String password) throws SQLException {
    execute(
        "ALTER ROLE "
            + quoteIdentifier(user.name())
            + " PASSWORD "
            + quoteLiteral(verifier(password)));
    log.info("changed the password of {}", quoteIdentifier(user.name()));
  }

  @Override
  public void rename(UserRef user, String newName, String newHost) throws SQLException {
    if (newHost != null && !anyHost(newHost)) {
      throw new IllegalArgumentException("PostgreSQL users have no host; use '%'");
    }
    if (newName != null && !newName.equals(user.name())) {
      execute(
          "ALTER ROLE " + quoteIdentifier(user.name()) + " RENAME TO " + quoteIdentifier(newName));
      log.info("renamed user {} to {}", quoteIdentifier(user.name()), quoteIdentifier(newName));
    }
  }

  /**
   * Grants {@code user} everything on {@code database} and on its schema {@code public} (since
   * PostgreSQL 15 only the database owner may create objects there by default).
   */
  @Override
  public void grantAccess(UserRef user, String database) throws SQLException {
    execute(
        "GRANT ALL PRIVILEGES ON DATABASE "
            + quoteIdentifier(database)
            + " TO "
            + quoteIdentifier(user.name()));
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute("GRANT ALL ON SCHEMA public TO " + quoteIdentifier(user.name()));
    }
    log.info(
        "granted {} access to database {}",
        quoteIdentifier(user.name()),
        quoteIdentifier(database));
  }

  @Override
  public void revokeAccess(UserRef user, String database) throws SQLException {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      statement.execute("REVOKE ALL ON SCHEMA public FROM " + quoteIdentifier(user.name()));
    }
    execute(
        "REVOKE ALL PRIVILEGES ON DATABASE "
            + quoteIdentifier(database)
            + " FROM "
            + quoteIdentifier(user.name()));
    log.info(
        "revoked {} access to database {}",
        quoteIdentifier(user.name()),
        quoteIdentifier(database));
  }

  /** Databases the role was granted CONNECT on by name (not through PUBLIC or superuser). */
  @Override
  public List<String> listAccess(UserRef user) throws SQLException {
    List<String> databases = new ArrayList<>();
    try (Connection connection = connect(MAINTENANCE_DATABASE);
        PreparedStatement statement =
            connection.prepareStatement(
                "select d.datname from pg_database d, aclexplode(d.datacl) a"
                    + " where not d.datistemplate and d.datname <> ?"
                    + " and a.grantee = (select oid from pg_roles where rolname = ?)"
                    + " and a.privilege_type = 'CONNECT' order by d.datname")) {
      statement.setString(1, MAINTENANCE_DATABASE);
      statement.setString(2, user.name());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          databases.add(rs.getString(1));
        }
      }
    }
    return databases;
  }

  /** Trove's PostgreSQL root: the role {@code postgres}, a login superuser. */
  @Override
  public RootCredentials enableRoot(String password) throws SQLException {
    String secret = password == null ? Passwords.generate() : password;
    String options = " SUPERUSER LOGIN PASSWORD " + quoteLiteral(verifier(secret));
    try (Connection connection = connect(MAINTENANCE_DATABASE);
        Statement statement = connection.createStatement()) {
      boolean exists = exists(connection, "select 1 from pg_roles where rolname = ?", ROOT_USER);
      statement.execute(
          (exists ? "ALTER ROLE " : "CREATE ROLE ") + quoteIdentifier(ROOT_USER) + options);
    }
    log.info("enabled root");
    return new RootCredentials(ROOT_USER, secret);
  }

  @Override
  public void disableRoot() throws SQLException {
    try (Connection connection = connect(MAINTENANCE_DATABASE);
        Statement statement = connection.createStatement()) {
      if (exists(connection, "select 1 from pg_roles where rolname = ?", ROOT_USER)) {
        statement.execute(
            "ALTER ROLE " + quoteIdentifier(ROOT_USER) + " NOSUPERUSER NOLOGIN PASSWORD NULL");
      }
    }
    log.info("disabled root");
  }

  @Override
  public boolean isRootEnabled() throws SQLException {
    try (Connection connection = connect(MAINTENANCE_DATABASE)) {
      return exists(
          connection, "select 1 from pg_roles where rolname = ? and rolcanlogin", ROOT_USER);
    }
  }

  /** The WAL segment being written now. */
  String currentWalFile() throws SQLException {
    return queryString("select pg_walfile_name(pg_current_wal_lsn())");
  }

  /** Closes the current WAL segment (so it is archived) and names it. */
  String switchWal() throws SQLException {
    return queryString("select pg_walfile_name(pg_switch_wal())");
  }

  boolean archiving() throws SQLException {
    return "on".equals(queryString("show archive_mode"));
  }

  /** The last segment the archiver copied, or null before the first. */
  String lastArchivedWal() throws SQLException {
    return queryString("select last_archived_wal from pg_stat_archiver");
  }

  private String queryString(String sql) throws SQLException {
    try (Connection connection = connect(MAINTENANCE_DATABASE);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private List<String> connectableDatabases() throws SQLException {
    List<String> databases = new ArrayList<>();
    try (Connection connection = connect(MAINTENANCE_DATABASE);
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("select datname from pg_database where datallowconn")) {
      while (rs.next()) {
        databases.add(rs.getString(1));
      }
    }
    return databases;
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = connect(MAINTENANCE_DATABASE);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** A SCRAM-SHA-256 verifier: the server, its log and its statistics never see the password. */
  private static String verifier(String password) {
    return PasswordUtil.encodeScramSha256(password.toCharArray());
  }

  /** UTF8 as PostgreSQL reads an encoding name: letters and digits only, any case. */
  private static boolean isUtf8(String encoding) {
    String reduced = encoding.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    return reduced.equals("utf8") || reduced.equals("unicode");
  }

  private static boolean anyHost(String host) {
    return host == null || host.isEmpty() || ANY_HOST.equals(host);
  }

  private static boolean isReserved(String name) {
    return AdminCredentials.USER.equals(name)
        || ROOT_USER.equals(name)
        || name.startsWith(PostgresReplication.ACCOUNT_PREFIX);
  }

  @Override
  public boolean isReservedDatabase(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return SYSTEM_DATABASES.contains(lower) || lower.startsWith("pg_");
  }

  @Override
  public boolean isReservedUser(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return SYSTEM_USERS.contains(lower) || lower.startsWith("pg_");
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

  /** A connection to the maintenance database as the agent, for the engine's own statements. */
  Connection maintenanceConnection() throws SQLException {
    return connect(MAINTENANCE_DATABASE);
  }

  private Connection connect(String database) throws SQLException {
    return connect(database, STATEMENT_TIMEOUT_SECONDS);
  }

  private Connection connect(String database, int timeoutSeconds) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", login.user());
    properties.setProperty("password", login.password());
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
