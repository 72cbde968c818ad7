package org.opentrove.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.opentrove.api.errors.TroveError;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.UserSpec;

/**
 * A create-instance body as Trove accepts it, checked field by field with Trove-style messages:
 * {@code {"instance": {"name", "flavorRef", "volume": {"size"}, "datastore": {"type", "version"},
 * "databases": [...], "users": [...]}}}.
 */
public record NewInstance(
    String name,
    String flavorRef,
    int volumeSizeGb,
    String datastoreType,
    String datastoreVersion,
    List<DatabaseSpec> databases,
    List<UserSpec> users,
    String restoreBackupRef) {

  private static final int MAX_NAME_LENGTH = 255;

  /**
   * @param defaultDatastore the datastore whose name rules apply when the body names none
   */
  public static NewInstance parse(JsonNode body, int maxVolumeSizeGb, String defaultDatastore) {
    if (body == null || !body.isObject() || !body.path("instance").isObject()) {
      throw TroveError.badRequest("The request body must be an object with an 'instance' object.");
    }
    JsonNode instance = body.get("instance");
    String name = text(instance, "name", "Instance name");
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw TroveError.badRequest(
          "Instance name must be 1 to " + MAX_NAME_LENGTH + " characters and not blank.");
    }
    String flavorRef = flavorRef(instance.get("flavorRef"));
    int size = volumeSize(instance.get("volume"), maxVolumeSizeGb);
    JsonNode datastore = instance.path("datastore");
    String type = datastore.hasNonNull("type") ? datastore.get("type").asText() : null;
    String version = datastore.hasNonNull("version") ? datastore.get("version").asText() : null;
    SchemaBodies schemas =
        new SchemaBodies(NameRules.forDatastore(type == null ? defaultDatastore : type));
    List<DatabaseSpec> databases = schemas.databases(instance.get("databases"));
    List<UserSpec> users =
        instance.path("users").isArray() && instance.path("users").isEmpty()
            ? List.of()
            : schemas.users(instance.get("users"));
    requireGrantsCreated(users, databases);
    return new NewInstance(
        name, flavorRef, size, type, version, databases, users, restorePoint(instance));
  }

  private static String text(JsonNode node, String field, String label) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw TroveError.badRequest(label + " is required ('" + field + "').");
    }
    if (!value.isTextual()) {
      throw TroveError.badRequest(label + " must be a string ('" + field + "').");
    }
    return value.asText();
  }

  private static String flavorRef(JsonNode value) {
    if (value == null || value.isNull()) {
      throw TroveError.badRequest("A flavor is required ('flavorRef').");
    }
    if (!value.isTextual() && !value.isIntegralNumber()) {
      throw TroveError.badRequest("'flavorRef' must be a flavor id.");
    }
    String ref = value.asText();
    int slash = ref.lastIndexOf('/');
    return slash >= 0 ? ref.substring(slash + 1) : ref;
  }

  private static int volumeSize(JsonNode volume, int max) {
    if (volume == null || volume.isNull() || !volume.isObject() || !volume.has("size")) {
      throw TroveError.badRequest("A volume size is required ('volume': {'size': N}).");
    }
    JsonNode size = volume.get("size");
    int value;
    if (size.isIntegralNumber()) {
      value = size.asInt();
    } else if (size.isTextual() && size.asText().matches("-?[0-9]{1,9}")) {
      value = Integer.parseInt(size.asText());
    } else {
      throw TroveError.badRequest("Volume size must be a whole number of GB.");
    }
    if (value <= 0) {
      throw TroveError.badRequest("Volume size '" + value + "' must be greater than 0 GB.");
    }
    if (value > max) {
      throw TroveError.badRequest(
          "Volume size '" + value + "' exceeds the maximum of " + max + " GB.");
    }
    return value;
  }

  /** Trove's {@code "restorePoint": {"backupRef": "<backup id>"}}, or null. */
  private static String restorePoint(JsonNode instance) {
    JsonNode point = instance.get("restorePoint");
    if (point == null || point.isNull()) {
      return null;
    }
    JsonNode ref = point.get("backupRef");
    if (!point.isObject() || ref == null || !ref.isTextual() || ref.asText().isBlank()) {
      throw TroveError.badRequest("'restorePoint' must be {\"backupRef\": \"<backup id>\"}.");
    }
    String text = ref.asText();
    int slash = text.lastIndexOf('/');
    return slash >= 0 ? text.substring(slash + 1) : text;
  }

  /** Every user's databases must be among those this request creates. */
  private static void requireGrantsCreated(List<UserSpec> users, List<DatabaseSpec> created) {
    Set<String> known = new HashSet<>();
    created.forEach(d -> known.add(d.name()));
    for (UserSpec user : users) {
      for (String database : user.databases()) {
        if (!known.contains(database)) {
          throw TroveError.badRequest(
              "User '"
                  + user.name()
                  + "' is granted database '"
                  + database
                  + "', which is not created.");
        }
      }
    }
  }

  /** The request as recorded on the operation: everything but passwords. */
  public java.util.Map<String, Object> redacted() {
    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("name", name);
    out.put("flavorRef", flavorRef);
    out.put("volume", java.util.Map.of("size", volumeSizeGb));
    java.util.Map<String, Object> datastore = new java.util.LinkedHashMap<>();
    datastore.put("type", datastoreType);
    datastore.put("version", datastoreVersion);
    out.put("datastore", datastore);
    out.put("databases", databases.stream().map(DatabaseSpec::name).toList());
    out.put(
        "users",
        users.stream()
            .map(
                u ->
                    java.util.Map.of(
                        "name", u.name(), "password", "***", "databases", u.databases()))
            .toList());
    if (restoreBackupRef != null) {
      out.put("restorePoint", java.util.Map.of("backupRef", restoreBackupRef));
    }
    return out;
  }
}
