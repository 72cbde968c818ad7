package org.opentrove.guest;

/**
 * Quoting for SQL text the agent has to build itself (DDL cannot take bind parameters). Names are
 * validated by the API; here they are only made safe: every identifier and literal that goes into
 * SQL passes through this class, never plain concatenation.
 */
public final class Identifiers {
  private Identifiers() {}

  /** {@code my"db} becomes {@code "my""db"}: a double-quoted identifier, case preserved. */
  public static String quoteIdentifier(String name) {
    requireUsable(name, "identifier");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("identifier must not be empty");
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /**
   * {@code it's} becomes {@code 'it''s'}: a standard-conforming string literal. Backslashes are
   * ordinary characters there (standard_conforming_strings is on since PostgreSQL 9.1).
   */
  public static String quoteLiteral(String value) {
    requireUsable(value, "literal");
    return '\'' + value.replace("'", "''") + '\'';
  }

  /** MariaDB/MySQL: {@code my`db} becomes {@code `my``db`}. */
  public static String quoteMysqlIdentifier(String name) {
    requireUsable(name, "identifier");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("identifier must not be empty");
    }
    return '`' + name.replace("`", "``") + '`';
  }

  /**
   * MariaDB/MySQL: {@code it's \} becomes {@code 'it''s \\'}; backslashes are escapes there unless
   * NO_BACKSLASH_ESCAPES is set, and doubling them is right in both modes.
   */
  public static String quoteMysqlLiteral(String value) {
    requireUsable(value, "literal");
    return '\'' + value.replace("\\", "\\\\").replace("'", "''") + '\'';
  }

  /**
   * A database name as a MariaDB/MySQL grant names it: {@code _} and {@code %} are wildcards there,
   * so {@code my_db} is granted as {@code `my\_db`} and grants no other database.
   */
  public static String quoteMysqlGrantDatabase(String name) {
    return quoteMysqlIdentifier(name.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%"));
  }

  private static void requireUsable(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " must not contain a NUL character");
    }
  }
}
