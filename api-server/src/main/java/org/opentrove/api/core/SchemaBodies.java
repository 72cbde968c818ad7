package org.opentrove.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.opentrove.api.errors.TroveError;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.UserSpec;

/**
 * Trove's database and user lists ({@code [{"name", "character_set", "collate"}]}, {@code [{"name",
 * "password", "host", "databases": [{"name"}]}]}), in two steps: {@code read...} checks the JSON
 * (strings are JSON strings of clean text) for any engine; {@code check...} applies one engine's
 * name rules, character sets and collations to every item, so a request is refused as a whole
 * before anything is created.
 */
public final class SchemaBodies {
  private static final int MAX_NAME = 255;
  private static final int MAX_CHARSET = 64;

  private final NameRules rules;
  private final DatabaseCharsets charsets;

  public SchemaBodies(NameRules rules, DatabaseCharsets charsets) {
    this.rules = rules;
    this.charsets = charsets;
  }

  /** The rules of the engine a datastore (by its name, as the guest is told it) runs. */
  public static SchemaBodies forDatastore(String datastore) {
    return new SchemaBodies(
        NameRules.forDatastore(datastore), DatabaseCharsets.forDatastore(datastore));
  }

  public NameRules rules() {
    return rules;
  }

  public List<DatabaseSpec> databases(JsonNode list) {
    return checkDatabases(readDatabases(list));
  }

  /** Database names given as {@code [{"name": ...}]} or {@code ["..."]}, each once. */
  public List<String> databaseNames(JsonNode list) {
    List<String> names = new ArrayList<>();
    for (String name : readDatabaseNames(list)) {
      String checked = rules.database(name);
      if (!names.contains(checked)) {
        names.add(checked);
      }
    }
    return names;
  }

  public List<UserSpec> users(JsonNode list) {
    return checkUsers(readUsers(list));
  }

  /** Every database under this engine's rules, with its character set and collation checked. */
  public List<DatabaseSpec> checkDatabases(List<DatabaseSpec> databases) {
    List<DatabaseSpec> checked = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (DatabaseSpec db : databases) {
      String name = rules.database(db.name());
      if (!seen.add(name)) {
        throw TroveError.badRequest("Database '" + name + "' is listed twice.");
      }
      checked.add(
          charsets.check(
              new DatabaseSpec(
                  name,
                  NameRules.charset("character_set", db.characterSet()),
                  NameRules.charset("collate", db.collate()))));
    }
    return checked;
  }

  /** Every user under this engine's rules: name, host, and the names of its databases. */
  public List<UserSpec> checkUsers(List<UserSpec> users) {
    List<UserSpec> checked = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (UserSpec user : users) {
      String name = rules.user(user.name());
      String host = rules.host(user.host());
      if (!seen.add(name + "@" + host)) {
        throw TroveError.badRequest("User '" + name + "' is listed twice.");
      }
      List<String> databases = new ArrayList<>();
      for (String database : user.databases()) {
        String db = rules.database(database);
        if (!databases.contains(db)) {
          databases.add(db);
        }
      }
      checked.add(new UserSpec(name, NameRules.password(user.password()), host, databases));
    }
    return checked;
  }

  /** The JSON of a database list, for any engine. */
  public static List<DatabaseSpec> readDatabases(JsonNode list) {
    List<DatabaseSpec> databases = new ArrayList<>();
    if (list == null || list.isNull()) {
      return databases;
    }
    if (!list.isArray()) {
      throw TroveError.badRequest("'databases' must be a list.");
    }
    for (JsonNode db : list) {
      if (!db.isObject()) {
        throw TroveError.badRequest("Each database must be an object with a 'name'.");
      }
      databases.add(
          new DatabaseSpec(
              JsonFields.requiredString(db, "name", "A database name"),
              JsonFields.optionalString(db, "character_set", MAX_CHARSET),
              JsonFields.optionalString(db, "collate", MAX_CHARSET)));
    }
    return databases;
  }

  /** The JSON of a list of database names, {@code [{"name": ...}]} or {@code ["..."]}. */
  public static List<String> readDatabaseNames(JsonNode list) {
    List<String> names = new ArrayList<>();
    if (list == null || list.isNull()) {
      return names;
    }
    if (!list.isArray()) {
      throw TroveError.badRequest("'databases' must be a list.");
    }
    for (JsonNode db : list) {
      if (db.isObject()) {
        names.add(JsonFields.requiredString(db, "name", "A database name"));
      } else if (db.isTextual()) {
        names.add(JsonFields.string(db, "databases", MAX_NAME));
      } else {
        throw TroveError.badRequest("Each database must be {\"name\": \"...\"} or a name.");
      }
    }
    return names;
  }

  /** The JSON of a user list, for any engine; an empty list is refused. */
  public static List<UserSpec> readUsers(JsonNode list) {
    List<UserSpec> users = new ArrayList<>();
    if (list == null || list.isNull()) {
      return users;
    }
    if (!list.isArray() || list.isEmpty()) {
      throw TroveError.badRequest("'users' must be a non-empty list.");
    }
    for (JsonNode user : list) {
      if (!user.isObject()) {
        throw TroveError.badRequest("Each user must be an object with 'name' and 'password'.");
      }
      users.add(
          new UserSpec(
              JsonFields.requiredString(user, "name", "A user name"),
              password(user),
              JsonFields.optionalString(user, "host"),
              readDatabaseNames(user.get("databases"))));
    }
    return users;
  }

  /** A password field: a JSON string (its value never appears in a message). */
  public static String password(JsonNode object) {
    JsonNode value = object.get("password");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw TroveError.badRequest("'password' must be a string.");
    }
    return NameRules.password(value.asText());
  }
}
