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
 * "databases": [...], "users": [...], "locality"}}}. {@link #parse} checks the JSON; the databases
 * and users follow the rules of the datastore the create resolves to, applied by {@link
 * #forDatastore}.
 */
public record NewInstance(
    String name,
    String flavorRef,
    int volumeSizeGb,
    String datastoreType,
    String datastoreVersion,
    List<DatabaseSpec> databases,
    List<UserSpec> users,
    String restoreBackupRef,
    String locality,
    String volumeType) {

  /** Trove's server group policies for {@code locality}. */
  static final List<String> LOCALITIES = List.of("affinity", "anti-affinity");

  private static final int MAX_NAME_LENGTH = 255;
  private static final int MAX_REF_LENGTH = 1024;

  /** The body's fields, strictly typed; names are checked by {@link #forDatastore}. */
  public static NewInstance parse(JsonNode body, int maxVolumeSizeGb) {
    if (body == null || !body.isObject() || !body.path("instance").isObject()) {
      throw TroveError.badRequest("The request body must be an object with an 'instance' object.");
    }
    JsonNode instance = body.get("instance");
    JsonNode replicaCount = instance.get("replica_count");
    if (replicaCount != null && replicaCount.isIntegralNumber() && replicaCount.asLong() > 1) {
      throw TroveError.badRequest(
          "Replica count only valid when creating replicas. Cannot create "
              + replicaCount.asLong()
              + " instances.");
    }
    String name = JsonFields.requiredString(instance, "name", "Instance name");
    if (name.isBlank()) {
      throw TroveError.badRequest(
          "Instance name must be 1 to " + MAX_NAME_LENGTH + " characters and not blank.");
    }
    String flavorRef = flavorRef(instance.get("flavorRef"));
    int size = volumeSize(instance.get("volume"), maxVolumeSizeGb);
    JsonNode datastore = JsonFields.optionalObject(instance, "datastore");
    String type = JsonFields.optionalString(datastore, "type");
    String version = JsonFields.optionalString(datastore, "version");
    List<DatabaseSpec> databases = SchemaBodies.readDatabases(instance.get("databases"));
    List<UserSpec> users =
        instance.path("users").isArray() && instance.path("users").isEmpty()
            ? List.of()
            : SchemaBodies.readUsers(instance.get("users"));
    return new NewInstance(
        name,
        flavorRef,
        size,
        type,
        version,
        databases,
        users,
        restorePoint(instance),
        locality(instance),
        volumeType(instance.get("volume")));
  }

  /** {@link #parse} and {@link #forDatastore} at once, for a datastore known up front. */
  public static NewInstance parse(JsonNode body, int maxVolumeSizeGb, String datastore) {
    return parse(body, maxVolumeSizeGb).forDatastore(datastore);
  }

  /**
   * This request with its databases and users checked against the engine of {@code datastore}, the
   * datastore the create actually uses (named by id, by name, by default or by the restored
   * backup): a MariaDB instance gets MariaDB's rules however it was asked for.
   */
  public NewInstance forDatastore(String datastore) {
    SchemaBodies schemas = SchemaBodies.forDatastore(datastore);
    List<DatabaseSpec> checkedDatabases = schemas.checkDatabases(databases);
    List<UserSpec> checkedUsers = schemas.checkUsers(users);
    requireGrantsCreated(checkedUsers, checkedDatabases);
    return new NewInstance(
        name,
        flavorRef,
        volumeSizeGb,
        datastoreType,
        datastoreVersion,
        checkedDatabases,
        checkedUsers,
        restoreBackupRef,
        locality,
        volumeType);
  }

  /** Trove's check and message; its schema wants a non-empty string first. */
  private static String locality(JsonNode instance) {
    String locality = JsonFields.optionalString(instance, "locality");
    if (locality != null && !LOCALITIES.contains(locality)) {
      throw TroveError.badRequest(
          "Invalid locality '" + locality + "'. Must be one of ['affinity', 'anti-affinity']");
    }
    return locality;
  }

  private static String flavorRef(JsonNode value) {
    if (value == null || value.isNull()) {
      throw TroveError.badRequest("A flavor is required ('flavorRef').");
    }
    if (!value.isTextual() && !value.isIntegralNumber()) {
      throw TroveError.badRequest("'flavorRef' must be a flavor id.");
    }
    String ref =
        value.isTextual()
            ? JsonFields.string(value, "flavorRef", MAX_REF_LENGTH)
            : value.bigIntegerValue().toString();
    return lastSegment(ref);
  }

  private static int volumeSize(JsonNode volume, int max) {
    if (volume == null || volume.isNull() || !volume.isObject() || !volume.has("size")) {
      throw TroveError.badRequest("A volume size is required ('volume': {'size': N}).");
    }
    int size = JsonFields.positiveInt(volume.get("size"), "size", Integer.MAX_VALUE, "GB");
    if (size > max) {
      throw TroveError.overLimit(
          "Volume 'size' cannot exceed maximum of "
              + max
              + " GB, "
              + size
              + " cannot be accepted.");
    }
    return size;
  }

  /**
   * Trove's {@code volume.type}: a name of the volume service's types, or null for its default.
   * Trove's schema: a string of 1 to 255 characters with a letter or digit in it, or null.
   */
  static String volumeType(JsonNode volume) {
    JsonNode type = volume.get("type");
    if (type == null || type.isNull()) {
      return null;
    }
    if (!type.isTextual()
        || type.asText().isEmpty()
        || type.asText().length() > MAX_NAME_LENGTH
        || type.asText().chars().noneMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
      throw TroveError.badRequest(
          "'type' must be a volume type's name: 1 to "
              + MAX_NAME_LENGTH
              + " characters with a letter or digit.");
    }
    return type.asText();
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
    return lastSegment(JsonFields.string(ref, "backupRef", MAX_REF_LENGTH));
  }

  private static String lastSegment(String ref) {
    int slash = ref.lastIndexOf('/');
    return slash >= 0 ? ref.substring(slash + 1) : ref;
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
    java.util.Map<String, Object> volume = new java.util.LinkedHashMap<>();
    volume.put("size", volumeSizeGb);
    if (volumeType != null) {
      volume.put("type", volumeType);
    }
    out.put("volume", volume);
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
    if (locality != null) {
      out.put("locality", locality);
    }
    return out;
  }
}
