package org.opentrove.api.core;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.opentrove.api.errors.TroveError;

/**
 * One engine's rules for tenant-chosen database, user and host names, and for passwords. Names that
 * pass are still quoted by the guest; the rules exist to give a clear 400 and to keep the agent's
 * own accounts and the system databases out of tenants' hands.
 */
public final class NameRules {
  private static final int MAX_PASSWORD_LENGTH = 128;
  private static final String ANY_HOST = "%";

  /** The guests' accounts for replicas ({@code os_repl_<replica>}), on every engine. */
  private static final String REPLICATION_ACCOUNT_PREFIX = "os_repl_";

  /** PostgreSQL: 63-byte identifiers; roles have no host. */
  public static final NameRules POSTGRESQL =
      new NameRules(
          63,
          63,
          "[A-Za-z_][A-Za-z0-9_$.-]*",
          "letters, digits, '_', '$', '.' or '-', starting with a letter or '_'",
          Set.of("postgres", "template0", "template1"),
          Set.of("postgres", "os_admin", "public", "pg_monitor", "root"),
          "pg_",
          false);

  /** MariaDB and MySQL: 64-character database names, 32-character user names, hosts. */
  public static final NameRules MYSQL =
      new NameRules(
          64,
          32,
          "[A-Za-z0-9_][A-Za-z0-9_$-]*",
          "letters, digits, '_', '$' or '-', starting with a letter, a digit or '_'",
          Set.of("mysql", "information_schema", "performance_schema", "sys"),
          Set.of("root", "os_admin", "mysql", "mariadb.sys", "debian-sys-maint"),
          null,
          true);

  private final int maxDatabaseLength;
  private final int maxUserLength;
  private final String pattern;
  private final String patternHelp;
  private final Set<String> reservedDatabases;
  private final Set<String> reservedUsers;
  private final String reservedPrefix;
  private final boolean hasHosts;

  private NameRules(
      int maxDatabaseLength,
      int maxUserLength,
      String pattern,
      String patternHelp,
      Set<String> reservedDatabases,
      Set<String> reservedUsers,
      String reservedPrefix,
      boolean hasHosts) {
    this.maxDatabaseLength = maxDatabaseLength;
    this.maxUserLength = maxUserLength;
    this.pattern = pattern;
    this.patternHelp = patternHelp;
    this.reservedDatabases = reservedDatabases;
    this.reservedUsers = reservedUsers;
    this.reservedPrefix = reservedPrefix;
    this.hasHosts = hasHosts;
  }

  /** The rules of a datastore's manager; PostgreSQL's for anything else (the strictest). */
  public static NameRules forDatastore(String datastore) {
    return "mariadb".equals(datastore) || "mysql".equals(datastore) ? MYSQL : POSTGRESQL;
  }

  public String database(String name) {
    String checked = identifier("database", name, maxDatabaseLength);
    if (reservedDatabases.contains(checked.toLowerCase(Locale.ROOT))) {
      throw TroveError.badRequest("Database name '" + checked + "' is reserved.");
    }
    return checked;
  }

  public String user(String name) {
    String checked = identifier("user", name, maxUserLength);
    if (reservedUsers.contains(checked.toLowerCase(Locale.ROOT))
        || checked.toLowerCase(Locale.ROOT).startsWith(REPLICATION_ACCOUNT_PREFIX)) {
      throw TroveError.badRequest("User name '" + checked + "' is reserved.");
    }
    return checked;
  }

  /** The host a user may connect from: {@code %} when not given. */
  public String host(String host) {
    if (host == null || host.isEmpty() || ANY_HOST.equals(host)) {
      return ANY_HOST;
    }
    if (!hasHosts) {
      throw TroveError.badRequest("Users of this datastore have no host; use '%' or none.");
    }
    if (host.length() > 255 || !host.matches("[A-Za-z0-9.%_:-]+")) {
      throw TroveError.badRequest(
          "The host '"
              + printable(host)
              + "' is invalid: use '%', an address or a host name (letters, digits, '.', '-',"
              + " ':', '_' and the wildcard '%').");
    }
    return host;
  }

  public static String password(String password) {
    if (password == null || password.isEmpty()) {
      throw TroveError.badRequest("A user password is required.");
    }
    if (password.length() > MAX_PASSWORD_LENGTH) {
      throw TroveError.badRequest(
          "A user password must be at most " + MAX_PASSWORD_LENGTH + " characters.");
    }
    if (InputText.firstInvalid(password) >= 0) {
      throw TroveError.badRequest(
          "A user password must not contain control characters or broken Unicode.");
    }
    return password;
  }

  /** A character set or collation name; both engines' are plain words. */
  public static String charset(String field, String value) {
    if (value != null && !value.matches("[A-Za-z0-9_.@-]{1,64}")) {
      throw TroveError.badRequest("'" + field + "' is not a valid name.");
    }
    return value;
  }

  private String identifier(String kind, String name, int maxLength) {
    if (name == null || name.isEmpty()) {
      throw TroveError.badRequest("A " + kind + " name is required.");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > maxLength) {
      throw TroveError.badRequest(
          "The " + kind + " name must be at most " + maxLength + " characters.");
    }
    if (!name.matches(pattern)) {
      throw TroveError.badRequest(
          "The " + kind + " name '" + printable(name) + "' is invalid: use " + patternHelp + ".");
    }
    if (reservedPrefix != null && name.toLowerCase(Locale.ROOT).startsWith(reservedPrefix)) {
      throw TroveError.badRequest(
          "The " + kind + " name must not start with '" + reservedPrefix + "'.");
    }
    return name;
  }

  private static String printable(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints()
        .limit(64)
        .forEach(c -> out.append(Character.isISOControl(c) ? '?' : Character.toString(c)));
    return out.toString();
  }
}
