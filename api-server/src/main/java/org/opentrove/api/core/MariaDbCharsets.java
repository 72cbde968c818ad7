package org.opentrove.api.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opentrove.api.errors.TroveError;
import org.opentrove.contract.DatabaseSpec;

/**
 * MariaDB 10.11's character sets and collations, as its {@code SHOW CHARACTER SET} and {@code SHOW
 * COLLATION} list them (shipped as data). Names are case-insensitive; {@code utf8} is {@code
 * utf8mb3}, as the server reads it. A collation must belong to the character set when both are
 * given; a collation named without its set ({@code uca1400_ai_ci}) needs the set.
 */
final class MariaDbCharsets implements DatabaseCharsets {
  static final MariaDbCharsets INSTANCE = new MariaDbCharsets("mariadb-10.11-collations.tsv");

  private final Set<String> charsets = new HashSet<>();

  /** Full collation name → its character set. */
  private final Map<String, String> collations = new HashMap<>();

  /** Collation names usable only with a set: {@code name/set}. */
  private final Set<String> collationsInSet = new HashSet<>();

  private final Set<String> setlessNames = new HashSet<>();

  private MariaDbCharsets(String file) {
    for (String[] row : DatabaseCharsets.rows(file)) {
      String charset = row[0];
      charsets.add(charset);
      collations.put(row[1], charset);
      if (!row[2].equals(row[1])) {
        collationsInSet.add(row[2] + "/" + charset);
        setlessNames.add(row[2]);
      }
    }
  }

  @Override
  public DatabaseSpec check(DatabaseSpec database) {
    String charset = charset(database.characterSet());
    String collate = collation(database.collate(), charset);
    return new DatabaseSpec(database.name(), charset, collate);
  }

  private String charset(String value) {
    if (value == null) {
      return null;
    }
    String name = value.toLowerCase(Locale.ROOT);
    name = name.equals("utf8") ? "utf8mb3" : name;
    if (!charsets.contains(name)) {
      throw TroveError.badRequest(
          "Character set '" + value + "' is not one of MariaDB's (SHOW CHARACTER SET).");
    }
    return name;
  }

  private String collation(String value, String charset) {
    if (value == null) {
      return null;
    }
    String name = value.toLowerCase(Locale.ROOT);
    name = name.startsWith("utf8_") ? "utf8mb3_" + name.substring(5) : name;
    String owner = collations.get(name);
    if (owner != null) {
      if (charset != null && !owner.equals(charset)) {
        throw notOf(value, charset);
      }
      return name;
    }
    if (setlessNames.contains(name)) {
      if (charset == null) {
        throw TroveError.badRequest(
            "Collation '" + value + "' needs a character set: give 'character_set' too.");
      }
      if (!collationsInSet.contains(name + "/" + charset)) {
        throw notOf(value, charset);
      }
      return name;
    }
    throw TroveError.badRequest(
        "Collation '" + value + "' is not one of MariaDB's (SHOW COLLATION).");
  }

  private static TroveError notOf(String collation, String charset) {
    return TroveError.badRequest(
        "Collation '" + collation + "' is not valid for character set '" + charset + "'.");
  }
}
