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
 * "password", "host", "databases": [{"name"}]}]}), checked against one engine's rules.
 */
public final class SchemaBodies {
  private final NameRules rules;

  public SchemaBodies(NameRules rules) {
    this.rules = rules;
  }

  public List<DatabaseSpec> databases(JsonNode list) {
    List<DatabaseSpec> databases = new ArrayList<>();
    if (list == null || list.isNull()) {
      return databases;
    }
    if (!list.isArray()) {
      throw TroveError.badRequest("'databases' must be a list.");
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode db : list) {
      String name = rules.database(db.isObject() ? optionalText(db, "name") : null);
      if (!seen.add(name)) {
        throw TroveError.badRequest("Database '" + name + "' is listed twice.");
      }
      databases.add(
          new DatabaseSpec(
              name,
              NameRules.charset("character_set", optionalText(db, "character_set")),
              NameRules.charset("collate", optionalText(db, "collate"))));
    }
    return databases;
  }

  /** Database names given as {@code [{"name": ...}]} or {@code ["..."]}. */
  public List<String> databaseNames(JsonNode list) {
    List<String> names = new ArrayList<>();
    if (list == null || list.isNull()) {
      return names;
    }
    if (!list.isArray()) {
      throw TroveError.badRequest("'databases' must be a list.");
    }
    for (JsonNode db : list) {
      String name = rules.database(db.isObject() ? optionalText(db, "name") : textOrNull(db));
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  public List<UserSpec> users(JsonNode list) {
    List<UserSpec> users = new ArrayList<>();
    if (list == null || list.isNull()) {
      return users;
    }
    if (!list.isArray() || list.isEmpty()) {
      throw TroveError.badRequest("'users' must be a non-empty list.");
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode user : list) {
      if (!user.isObject()) {
        throw TroveError.badRequest("Each user must be an object with 'name' and 'password'.");
      }
      String name = rules.user(optionalText(user, "name"));
      String host = rules.host(optionalText(user, "host"));
      if (!seen.add(name + "@" + host)) {
        throw TroveError.badRequest("User '" + name + "' is listed twice.");
      }
      String password = NameRules.password(optionalText(user, "password"));
      users.add(new UserSpec(name, password, host, databaseNames(user.get("databases"))));
    }
    return users;
  }

  public NameRules rules() {
    return rules;
  }

  static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String textOrNull(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
