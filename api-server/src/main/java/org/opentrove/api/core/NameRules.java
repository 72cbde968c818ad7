package org.opentrove.api.core;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.opentrove.api.errors.TroveError;

/**
 * PostgreSQL's rules for tenant-chosen database and user names and passwords. Names that pass are
 * still quoted by the guest; the rules exist to give a clear 400 and to keep the agent's own roles
 * and the system databases out of tenants' hands.
 */
public final class NameRules {
  private static final int MAX_IDENTIFIER_BYTES = 63;
  private static final int MAX_PASSWORD_LENGTH = 128;
  private static final Set<String> RESERVED_DATABASES =
      Set.of("postgres", "template0", "template1");
  private static final Set<String> RESERVED_USERS =
      Set.of("postgres", "os_admin", "public", "pg_monitor", "root");

  private NameRules() {}

  public static String database(String name) {
    String checked = identifier("database", name);
    if (RESERVED_DATABASES.contains(checked.toLowerCase(Locale.ROOT))) {
      throw TroveError.badRequest("Database name '" + checked + "' is reserved.");
    }
    return checked;
  }

  public static String user(String name) {
    String checked = identifier("user", name);
    if (RESERVED_USERS.contains(checked.toLowerCase(Locale.ROOT))) {
      throw TroveError.badRequest("User name '" + checked + "' is reserved.");
    }
    return checked;
  }

  public static String password(String password) {
    if (password == null || password.isEmpty()) {
      throw TroveError.badRequest("A user password is required.");
    }
    if (password.length() > MAX_PASSWORD_LENGTH) {
      throw TroveError.badRequest(
          "A user password must be at most " + MAX_PASSWORD_LENGTH + " characters.");
    }
    if (password.indexOf('\0') >= 0) {
      throw TroveError.badRequest("A user password must not contain NUL characters.");
    }
    return password;
  }

  private static String identifier(String kind, String name) {
    if (name == null || name.isEmpty()) {
      throw TroveError.badRequest("A " + kind + " name is required.");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
      throw TroveError.badRequest(
          "The " + kind + " name must be at most " + MAX_IDENTIFIER_BYTES + " bytes.");
    }
    if (!name.matches("[A-Za-z_][A-Za-z0-9_$.-]*")) {
      throw TroveError.badRequest(
          "The "
              + kind
              + " name '"
              + printable(name)
              + "' is invalid: use letters, digits, '_', '$', '.' or '-', starting with a letter"
              + " or '_'.");
    }
    if (name.toLowerCase(Locale.ROOT).startsWith("pg_")) {
      throw TroveError.badRequest("The " + kind + " name must not start with 'pg_'.");
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
