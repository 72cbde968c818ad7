package org.opentrove.api.core;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.opentrove.api.errors.TroveError;
import org.opentrove.contract.DatabaseSpec;

/**
 * PostgreSQL's server encodings (any spelling PostgreSQL accepts, answered by its own name) and the
 * locales a database may collate by: {@code C} and {@code POSIX} go with every encoding, any other
 * locale only with its own character set's encoding (PostgreSQL refuses the rest with "encoding
 * does not match locale"). Without {@code character_set} a database is UTF8, the cluster's.
 */
final class PostgresCharsets implements DatabaseCharsets {
  static final PostgresCharsets INSTANCE = new PostgresCharsets();

  private static final String CLUSTER_ENCODING = "UTF8";
  private static final String ANY_ENCODING = "";

  /** A spelling reduced as PostgreSQL reduces it (letters and digits, lower case) → encoding. */
  private final Map<String, String> encodings = new HashMap<>();

  /** A locale's key ({@link #localeKey}) → the encoding it needs, or "" for any. */
  private final Map<String, String> locales = new HashMap<>();

  private PostgresCharsets() {
    for (String[] row : DatabaseCharsets.rows("postgresql-encodings.tsv")) {
      encodings.put(row[0], row[1]);
    }
    for (String[] row : DatabaseCharsets.rows("postgresql-locales.tsv")) {
      locales.put(localeKey(row[0]), row[1]);
    }
    locales.put(localeKey("C"), ANY_ENCODING);
    locales.put(localeKey("POSIX"), ANY_ENCODING);
    locales.put(localeKey("C.UTF-8"), CLUSTER_ENCODING);
  }

  @Override
  public DatabaseSpec check(DatabaseSpec database) {
    String encoding = null;
    if (database.characterSet() != null) {
      encoding = encodings.get(reduce(database.characterSet()));
      if (encoding == null) {
        throw TroveError.badRequest(
            "Character set '"
                + database.characterSet()
                + "' is not a PostgreSQL server encoding (UTF8, LATIN1, SQL_ASCII, ...).");
      }
    }
    if (database.collate() != null) {
      String needs = locales.get(localeKey(database.collate()));
      if (needs == null) {
        throw TroveError.badRequest(
            "Collation '"
                + database.collate()
                + "' is not a locale PostgreSQL can use (C, POSIX, C.UTF-8, en_US.UTF-8, ...).");
      }
      String actual = encoding == null ? CLUSTER_ENCODING : encoding;
      if (!needs.equals(ANY_ENCODING) && !needs.equals(actual) && !actual.equals("SQL_ASCII")) {
        throw TroveError.badRequest(
            "Collation '"
                + database.collate()
                + "' needs character set "
                + needs
                + ", not "
                + actual
                + ".");
      }
    }
    return new DatabaseSpec(database.name(), encoding, database.collate());
  }

  /** PostgreSQL's clean_encoding_name: letters and digits only, lower case. */
  private static String reduce(String name) {
    return name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
  }

  /**
   * {@code language_TERRITORY.codeset@modifier} with the codeset reduced ({@code UTF-8} and {@code
   * utf8} are the same to glibc); the rest is compared as written.
   */
  private static String localeKey(String locale) {
    int at = locale.indexOf('@');
    String modifier = at < 0 ? "" : locale.substring(at);
    String rest = at < 0 ? locale : locale.substring(0, at);
    int dot = rest.indexOf('.');
    String base = dot < 0 ? rest : rest.substring(0, dot);
    String codeset = dot < 0 ? "" : reduce(rest.substring(dot + 1));
    return base + modifier + "." + codeset;
  }
}
