package org.opentrove.api.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.opentrove.api.errors.TroveError;
import org.opentrove.contract.DatabaseSpec;

/**
 * One engine's character sets and collations: what a database may be created with. The API checks a
 * request against them before anything is created, so an unknown {@code character_set} is a 400
 * naming the field, not a database error half-way through a request; the guest's engine stays the
 * second line.
 */
public interface DatabaseCharsets {

  /**
   * The database with its {@code character_set} and {@code collate} checked and spelled as the
   * engine names them.
   *
   * @throws TroveError 400 when the engine has no such character set or collation, or they do not
   *     go together
   */
  DatabaseSpec check(DatabaseSpec database);

  /** The rules of a datastore's engine; PostgreSQL's for anything but MariaDB and MySQL. */
  static DatabaseCharsets forDatastore(String datastore) {
    return "mariadb".equals(datastore) || "mysql".equals(datastore)
        ? MariaDbCharsets.INSTANCE
        : PostgresCharsets.INSTANCE;
  }

  /** The tab-separated rows of a data file beside this class, comments and blank lines skipped. */
  static List<String[]> rows(String file) {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = DatabaseCharsets.class.getResourceAsStream("charsets/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing data file charsets/" + file);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(line.split("\t", -1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
