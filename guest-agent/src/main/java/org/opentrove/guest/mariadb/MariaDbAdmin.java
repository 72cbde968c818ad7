package org.opentrove.guest.mariadb;

import static org.opentrove.guest.Identifiers.quoteMysqlGrantDatabase;
import static org.opentrove.guest.Identifiers.quoteMysqlIdentifier;
import static org.opentrove.guest.Identifiers.quoteMysqlLiteral;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Databases, users and root over JDBC on 127.0.0.1 as the agent's administrator. Accounts are
 * {@code 'name'@'host'} string literals and databases backquoted identifiers, all built by {@link
 * org.opentrove.guest.Identifiers}; passwords reach the server only as mysql_native_password hashes
 * ({@code IDENTIFIED BY PASSWORD}), so no statement, log or process list ever holds one in clear.
 */
final class MariaDbAdmin implements DatastoreAdmin {
  static final String ROOT_USER = "root";
  static final String ANY_HOST = "%";
  private static final Logger log = LoggerFactory.getLogger(MariaDbAdmin.class);
  private static final Set<String> SYSTEM_DATABASES =
      Set.of("mysql", "information_schema", "performance_schema", "sys");
  private static final Set<String> SYSTEM_USERS =
      Set.of(AdminCredentials.USER, ROOT_USER, "mariadb.sys", "mysql", "debian-sys-maint", "");
  private static final int PING_TIMEOUT_SECONDS = 3;
  private static final int STATEMENT_TIMEOUT_SECONDS = 120;

  private final int port;
  private final String adminPassword;
  private final String socketUser;

  /** Other cluster members' socket accounts (process runtime), which state transfers bring. */
  private static final String OTHER_MEMBER_SOCKET_USER = "trove-[0-9a-f]{12}";

  /**
   * A server answers, and, if it is a Galera cluster member, is in the cluster's primary component
   * and synced ({@code wsrep_ready}): a member cut off from the others refuses its clients'
   * queries.
   */
  static final String HEALTH_QUERY =
      "select 1 from information_schema.global_variables"
          + " where variable_name = 'WSREP_ON' and variable_value = 'OFF'"
          + " union all select 1 from information_schema.global_status"
          + " where variable_name = 'WSREP_READY' and variable_value = 'ON'"
          + " union all select 1 from dual where not exists (select 1 from"
          + " information_schema.global_variables where variable_name = 'WSREP_ON')";

  private final HealthConnection health =
      new HealthConnection(this::connect, PING_TIMEOUT_SECONDS, HEALTH_QUERY);

  /**
   * @param socketUser the OS user's unix_socket account (backups use it): never a tenant's
   */
  MariaDbAdmin(int port, String adminPassword, String socketUser) {
    this.port = port;
    this.adminPassword = adminPassword;
    this.socketUser = socketUser;
  }

  /** mysql_native_password's stored form: {@code *} and the upper-case hex of SHA1(SHA1(pw)). */
  static String nativeHash(String password) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] once = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
      byte[] twice = sha1.digest(once);
      return "*" + HexFormat.of().formatHex(twice).toUpperCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
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
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "select schema_name, default_character_set_name, default_collation_name"
                    + " from information_schema.schemata order by schema_name")) {
      while (rs.next()) {
        if (!SYSTEM_DATABASES.contains(rs.getString(1))) {
          databases.add(new DatabaseSpec(rs.getString(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return databases;
  }

  @Override
  public boolean databaseExists(String name) throws SQLException {
    try (Connection connection = connect()) {
      return exists(
          connection, "select 1 from information_schema.schemata where schema_name = ?", name);
    }
  }

  @Override
  public boolean createDatabase(DatabaseSpec spec) throws SQLException {
    if (databaseExists(spec.name())) {
      log.info("database {} exists; not creating it", quoteMysqlIdentifier(spec.name()));
      return false;
    }
    StringBuilder sql = new StringBuilder("CREATE DATABASE ");
    sql.append(quoteMysqlIdentifier(spec.name()));
    if (spec.characterSet() != null) {
      sql.append(" CHARACTER SET ").append(quoteMysqlIdentifier(spec.characterSet()));
    }
    if (spec.collate() != null) {
      sql.append(" COLLATE ").append(quoteMysqlIdentifier(spec.collate()));
    }
    execute(sql.toString());
    log.info("created database {}", quoteMysqlIdentifier(spec.name()));
    return true;
  }

  @Override
  public void deleteDatabase(String name) throws SQLException {
    execute("DROP DATABASE IF EXISTS " + quoteMysqlIdentifier(name));
    log.info("dropped database {}", quoteMysqlIdentifier(name));
  }

  @Override
  public List<UserInfo> listUsers() throws SQLException {
    List<UserRef> refs = new ArrayList<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "select User, Host from mysql.user where is_role = 'N' order by User, Host")) {
      while (rs.next()) {
        if (!isSystemUser(rs.getString(1))) {
          refs.add(new UserRef(rs.getString(1), rs.getString(2)));
        }
      }
    }
    List<UserInfo> users = new ArrayList<>();
    for (UserRef ref : refs) {
      users.add(new UserInfo(ref.name(), ref.host(), listAccess(ref)));
    }
    return users;
  }

  @Override
  public Optional<UserInfo> getUser(UserRef user) throws SQLException {
    UserRef ref = withHost(user);
    if (isSystemUser(ref.name())) {
      return Optional.empty();
    }
    try (Connection connection = connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "select 1 from mysql.user where User = ? and Host = ? and is_role = 'N'")) {
      statement.setString(1, ref.name());
      statement.setString(2, ref.host());
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(new UserInfo(ref.name(), ref.host(), listAccess(ref)));
  }

  @Override
  public boolean createUser(UserSpec spec) throws SQLException {
    if (spec.password() == null || spec.password().isEmpty()) {
      throw new IllegalArgumentException("user " + spec.name() + " has no password");
    }
    UserRef ref = withHost(new UserRef(spec.name(), spec.host()));
    if (getUser(ref).isPresent()) {
      log.info("user {} exists; not creating it", account(ref));
      return false;
    }
    execute(
        "CREATE USER "
            + account(ref)
            + " IDENTIFIED BY PASSWORD "
            + quoteMysqlLiteral(nativeHash(spec.password())));
    log.info("created user {}", account(ref));
    return true;
  }

  @Override
  public void deleteUser(UserRef user) throws SQLException {
    execute("DROP USER IF EXISTS " + account(withHost(user)));
    log.info("dropped user {}", account(withHost(user)));
  }

  @Override
  public void changePassword(UserRef user, String password) throws SQLException {
    execute(
        "ALTER USER "
            + account(withHost(user))
            + " IDENTIFIED BY PASSWORD "
            + quoteMysqlLiteral(nativeHash(password)));
    log.info("changed the password of {}", account(withHost(user)));
  }

  @Override
  public void rename(UserRef user, String newName, String newHost) throws SQLException {
    UserRef from = withHost(user);
    UserRef to =
        new UserRef(
            newName == null ? from.name() : newName, newHost == null ? from.host() : newHost);
    if (!to.equals(from)) {
      execute("RENAME USER " + account(from) + " TO " + account(to));
      log.info("renamed user {} to {}", account(from), account(to));
    }
  }

  /** MariaDB keeps a grant on a database not created yet; Trove's MySQL guest grants so. */
  @Override
  public boolean grantsNeedTheDatabase() {
    return false;
  }

  @Override
  public void grantAccess(UserRef user, String database) throws SQLException {
    execute(
        "GRANT ALL PRIVILEGES ON "
            + quoteMysqlGrantDatabase(database)
            + ".* TO "
            + account(withHost(user)));
    log.info("granted {} access to {}", account(withHost(user)), quoteMysqlIdentifier(database));
  }

  @Override
  public void revokeAccess(UserRef user, String database) throws SQLException {
    if (!listAccess(user).contains(database)) {
      return; // REVOKE of a grant that is not there is an error in MariaDB
    }
    execute(
        "REVOKE ALL PRIVILEGES ON "
            + quoteMysqlGrantDatabase(database)
            + ".* FROM "
            + account(withHost(user)));
    log.info("revoked {} access to {}", account(withHost(user)), quoteMysqlIdentifier(database));
  }

  @Override
  public List<String> listAccess(UserRef user) throws SQLException {
    UserRef ref = withHost(user);
    List<String> databases = new ArrayList<>();
    try (Connection connection = connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "select Db from mysql.db where User = ? and Host = ? order by Db")) {
      statement.setString(1, ref.name());
      statement.setString(2, ref.host());
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          databases.add(unescapeGrantDatabase(rs.getString(1)));
        }
      }
    }
    return databases;
  }

  /** Trove's MySQL root: {@code 'root'@'%'} with every privilege and the grant option. */
  @Override
  public RootCredentials enableRoot(String password) throws SQLException {
    String secret = password == null ? Passwords.generate() : password;
    String root = account(new UserRef(ROOT_USER, ANY_HOST));
    String hash = quoteMysqlLiteral(nativeHash(secret));
    execute("CREATE USER IF NOT EXISTS " + root + " IDENTIFIED BY PASSWORD " + hash);
    execute("ALTER USER " + root + " IDENTIFIED BY PASSWORD " + hash);
    execute("GRANT ALL PRIVILEGES ON *.* TO " + root + " WITH GRANT OPTION");
    log.info("enabled root");
    return new RootCredentials(ROOT_USER, secret);
  }

  @Override
  public void disableRoot() throws SQLException {
    execute("DROP USER IF EXISTS " + account(new UserRef(ROOT_USER, ANY_HOST)));
    log.info("disabled root");
  }

  @Override
  public boolean isRootEnabled() throws SQLException {
    try (Connection connection = connect()) {
      return exists(
          connection, "select 1 from mysql.user where User = ? and Host = '%'", ROOT_USER);
    }
  }

  @Override
  public boolean isReservedDatabase(String name) {
    return SYSTEM_DATABASES.contains(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public boolean isReservedUser(String name) {
    return isSystemUser(name) || SYSTEM_USERS.contains(name.toLowerCase(Locale.ROOT));
  }

  private boolean isSystemUser(String name) {
    return SYSTEM_USERS.contains(name)
        || name.equals(socketUser)
        || name.matches(OTHER_MEMBER_SOCKET_USER)
        || name.startsWith(MariaDbReplication.ACCOUNT_PREFIX);
  }

  private static UserRef withHost(UserRef user) {
    return user.host() == null || user.host().isEmpty() ? new UserRef(user.name(), ANY_HOST) : user;
  }

  private static String account(UserRef user) {
    return quoteMysqlLiteral(user.name()) + "@" + quoteMysqlLiteral(user.host());
  }

  private static String unescapeGrantDatabase(String stored) {
    return stored.replace("\\_", "_").replace("\\%", "%").replace("\\\\", "\\");
  }

  /** One statement on its own connection, run again while Galera refuses it for the moment. */
  private void execute(String sql) throws SQLException {
    GaleraRetry.run(
        () -> {
          try (Connection connection = connect();
              Statement statement = connection.createStatement()) {
            statement.execute(sql);
          }
        });
  }

  private static boolean exists(Connection connection, String query, String value)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, value);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** A session of the agent's own, for the replication statements. */
  Connection maintenanceConnection() throws SQLException {
    return connect();
  }

  private Connection connect() throws SQLException {
    return connect(STATEMENT_TIMEOUT_SECONDS);
  }

  private Connection connect(int timeoutSeconds) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", AdminCredentials.USER);
    properties.setProperty("password", adminPassword);
    properties.setProperty("connectTimeout", Integer.toString(Math.min(timeoutSeconds, 10) * 1000));
    properties.setProperty("socketTimeout", Integer.toString((timeoutSeconds + 5) * 1000));
    return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", properties);
  }
}
