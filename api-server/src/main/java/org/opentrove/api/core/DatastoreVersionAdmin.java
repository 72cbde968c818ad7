package org.opentrove.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.opentrove.api.errors.TroveError;
import org.opentrove.store.DatastoreAdminDao;
import org.opentrove.store.DatastoreDao;
import org.opentrove.store.DatastoreRow;
import org.opentrove.store.ManagedVersionRow;
import org.opentrove.store.SqlFailures;

/**
 * Trove's datastore version registration ({@code /mgmt/datastore-versions}; the CLI's {@code
 * datastore version create|set|delete|list|show}) and datastore delete, checked as Trove's schema
 * and controller check them; every change is one transaction.
 */
public class DatastoreVersionAdmin {
  /** The managers the guest agent implements: a version of any other could never start. */
  private static final Set<String> GUEST_MANAGERS = Set.of("postgresql", "mariadb");

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
  private static final int MAX_NAME = JsonFields.MAX_STRING;
  private static final Pattern LETTER_OR_DIGIT = Pattern.compile("[0-9a-zA-Z]");
  private static final Set<String> CREATE_FIELDS =
      Set.of(
          "name",
          "datastore_name",
          "datastore_manager",
          "packages",
          "image",
          "image_tags",
          "active",
          "default",
          "version");
  private static final Set<String> EDIT_FIELDS =
      Set.of("datastore_manager", "packages", "image", "image_tags", "active", "default", "name");

  private final Jdbi jdbi;

  public DatastoreVersionAdmin(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<ManagedVersionRow> list() {
    return jdbi.withExtension(DatastoreAdminDao.class, DatastoreAdminDao::listVersions);
  }

  /** Trove answers an unknown version id with 400 ({@code DatastoreVersionNotFound}). */
  public ManagedVersionRow get(String id) {
    return Uuids.parse(id)
        .flatMap(uuid -> jdbi.withExtension(DatastoreAdminDao.class, dao -> dao.findVersion(uuid)))
        .orElseThrow(
            () -> TroveError.badRequest("Datastore version '" + id + "' cannot be found."));
  }

  /** Trove's create: the datastore is made when it does not exist yet. */
  public void create(JsonNode body) {
    JsonNode version = body == null ? null : body.get("version");
    if (version == null || !version.isObject()) {
      throw TroveError.badRequest("'version' is a required property");
    }
    refuseUnknownFields(version, CREATE_FIELDS);
    String name = nonEmpty(version, "name");
    String datastoreName = nonEmpty(version, "datastore_name");
    String manager = manager(nonEmpty(version, "datastore_manager"));
    if (!version.has("active")) {
      throw TroveError.badRequest("'active' is a required property");
    }
    boolean active = bool(version, "active");
    boolean isDefault = version.has("default") && bool(version, "default");
    String number = version.has("version") ? nonEmpty(version, "version") : name;
    String image = image(version);
    String tags = list(version, "image_tags");
    String packages = list(version, "packages");
    if (image == null && tags.isEmpty()) {
      throw TroveError.badRequest("Image must be specified.");
    }
    inTransactionOrConflict(
        name,
        number,
        h -> {
          DatastoreAdminDao dao = h.attach(DatastoreAdminDao.class);
          DatastoreRow datastore =
              h.attach(DatastoreDao.class)
                  .find(datastoreName)
                  .orElseGet(() -> newDatastore(dao, datastoreName));
          refuseOtherManager(datastore, manager);
          if (dao.findVersionByName(datastore.id(), name).isPresent()) {
            throw TroveError.badRequest(
                "The datastore version '" + name + "(" + number + ")' already exists.");
          }
          UUID id = UUID.randomUUID();
          dao.insertVersion(
              id, datastore.id(), name, number, manager, image, tags, packages, active);
          if (isDefault) {
            dao.setDefault(datastore.id(), id);
          }
        });
  }

  /** Trove's edit ({@code PATCH}): what the body names changes; the rest stays. */
  public void update(String id, JsonNode body) {
    ManagedVersionRow current = get(id);
    if (body == null || !body.isObject()) {
      throw TroveError.badRequest("The request body must be an object.");
    }
    refuseUnknownFields(body, EDIT_FIELDS);
    String name = body.has("name") ? nonEmpty(body, "name") : current.name();
    String manager =
        body.has("datastore_manager")
            ? manager(nonEmpty(body, "datastore_manager"))
            : current.manager();
    boolean active = body.has("active") ? bool(body, "active") : current.active();
    Optional<Boolean> isDefault =
        body.has("default") ? Optional.of(bool(body, "default")) : Optional.empty();
    String packages = body.has("packages") ? list(body, "packages") : current.packages();
    String image = image(body);
    String tags = body.has("image_tags") ? list(body, "image_tags") : null;
    if (image == null && tags != null) {
      image = ""; // Trove: new tags alone take the image id off the version
    }
    image = image == null ? current.imageId() : image;
    tags = tags == null ? current.imageTags() : tags;
    if ((image == null || image.isEmpty()) && tags.isEmpty()) {
      throw TroveError.badRequest("Image must be specified.");
    }
    String imageId = image == null || image.isEmpty() ? null : image;
    String imageTags = tags;
    inTransactionOrConflict(
        name,
        current.version(),
        h -> {
          DatastoreAdminDao dao = h.attach(DatastoreAdminDao.class);
          if (dao.lockVersion(current.id()).isEmpty()) {
            throw TroveError.badRequest("Datastore version '" + id + "' cannot be found.");
          }
          DatastoreRow datastore =
              h.attach(DatastoreDao.class).find(current.datastoreId().toString()).orElseThrow();
          refuseOtherManager(datastore, manager);
          if (!name.equals(current.name())
              && dao.findVersionByName(current.datastoreId(), name).isPresent()) {
            throw TroveError.badRequest(
                "The datastore version '" + name + "(" + current.version() + ")' already exists.");
          }
          dao.updateVersion(current.id(), name, manager, imageId, imageTags, packages, active);
          if (isDefault.orElse(false)) {
            dao.setDefault(current.datastoreId(), current.id());
          } else if (isDefault.isPresent() && current.isDefault()) {
            dao.setDefault(current.datastoreId(), null);
          }
        });
  }

  /** Trove's delete: refused while a live instance, backup or cluster uses the version. */
  public void delete(String id) {
    ManagedVersionRow current = get(id);
    jdbi.useTransaction(
        h -> {
          DatastoreAdminDao dao = h.attach(DatastoreAdminDao.class);
          if (dao.lockVersion(current.id()).isEmpty()) {
            throw TroveError.badRequest("Datastore version '" + id + "' cannot be found.");
          }
          Optional<String> user = dao.versionUsedBy(current.id());
          if (user.isPresent()) {
            throw TroveError.badRequest("Datastore version is in use by " + user.get() + ".");
          }
          dao.deleteVersion(current.id());
        });
  }

  /** Trove's datastore delete: refused while it has versions. */
  public void deleteDatastore(String ref) {
    jdbi.useTransaction(
        h -> {
          DatastoreRow datastore =
              h.attach(DatastoreDao.class)
                  .find(ref)
                  .orElseThrow(
                      () -> TroveError.notFound("Datastore '" + ref + "' cannot be found."));
          DatastoreAdminDao dao = h.attach(DatastoreAdminDao.class);
          if (dao.countVersions(datastore.id()) > 0) {
            throw TroveError.badRequest("Datastore versions exist for datastore " + ref + ".");
          }
          dao.deleteDatastore(datastore.id());
        });
  }

  /**
   * A concurrent registration of the same name commits first and this one breaks the unique index:
   * Trove's answer for an existing version, not a 500.
   */
  private void inTransactionOrConflict(
      String name, String number, HandleConsumer<RuntimeException> work) {
    try {
      jdbi.useTransaction(work);
    } catch (UnableToExecuteStatementException e) {
      if (SqlFailures.hasSqlState(e, "23505"::equals)) {
        throw TroveError.badRequest(
            "The datastore version '" + name + "(" + number + ")' already exists.");
      }
      throw e;
    }
  }

  private static DatastoreRow newDatastore(DatastoreAdminDao dao, String name) {
    UUID id = UUID.randomUUID();
    dao.insertDatastore(id, name);
    return new DatastoreRow(id, name, null);
  }

  /**
   * The guest is chosen by the datastore's name, so a datastore's versions all run its own manager
   * (Trove allows any pairing; here another could never start).
   */
  private static void refuseOtherManager(DatastoreRow datastore, String manager) {
    if (!datastore.name().equals(manager)) {
      throw TroveError.badRequest(
          "Datastore '"
              + datastore.name()
              + "' can only have versions of manager '"
              + datastore.name()
              + "'.");
    }
  }

  private static String manager(String manager) {
    if (!GUEST_MANAGERS.contains(manager)) {
      throw TroveError.badRequest(
          "Datastore manager '"
              + manager
              + "' is not supported; supported: "
              + String.join(", ", GUEST_MANAGERS.stream().sorted().toList())
              + ".");
    }
    return manager;
  }

  private static void refuseUnknownFields(JsonNode object, Set<String> allowed) {
    List<String> unknown = new ArrayList<>();
    object
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!allowed.contains(f)) {
                unknown.add(f);
              }
            });
    if (!unknown.isEmpty()) {
      throw TroveError.badRequest(
          "Additional properties are not allowed ('"
              + String.join("', '", unknown)
              + "' "
              + (unknown.size() == 1 ? "was" : "were")
              + " unexpected)");
    }
  }

  /** A required string, read by the project's strict reader ({@link JsonFields#string}). */
  private static String nonEmpty(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      throw TroveError.badRequest("'" + field + "' is a required property");
    }
    String text = JsonFields.string(value, field, MAX_NAME).strip();
    if (text.isEmpty()) {
      throw TroveError.badRequest("'" + field + "' must not be empty.");
    }
    return text;
  }

  private static boolean bool(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || !value.isBoolean()) {
      throw TroveError.badRequest("'" + field + "' must be true or false.");
    }
    return value.booleanValue();
  }

  /** Trove's schema: the image is a UUID. */
  private static String image(JsonNode object) {
    JsonNode value = object.get("image");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() || !UUID_TEXT.matcher(value.asText()).matches()) {
      throw TroveError.badRequest("'image' must be an image id (a UUID).");
    }
    return value.asText();
  }

  /**
   * Trove's {@code image_tags} (at most 5, of 20 characters) and {@code packages} (of 255): a list
   * of distinct strings with a letter or digit, kept comma-separated as Trove keeps them.
   */
  private static String list(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    boolean tags = field.equals("image_tags");
    int maxItems = tags ? 5 : Integer.MAX_VALUE;
    int maxLength = tags ? 20 : MAX_NAME;
    if (!value.isArray() || value.size() > maxItems) {
      throw TroveError.badRequest(
          "'" + field + "' must be a list" + (tags ? " of at most 5" : "") + " of strings.");
    }
    List<String> items = new ArrayList<>();
    for (JsonNode item : value) {
      String text = item.isTextual() ? InputText.check(field, item.asText()) : "";
      if (text.isEmpty()
          || text.length() > maxLength
          || text.contains(",")
          || !LETTER_OR_DIGIT.matcher(text).find()
          || items.contains(text)) {
        throw TroveError.badRequest(
            "'"
                + field
                + "' items must be distinct strings of 1 to "
                + maxLength
                + " characters with a letter or digit and no comma.");
      }
      items.add(text);
    }
    return String.join(",", items);
  }
}
