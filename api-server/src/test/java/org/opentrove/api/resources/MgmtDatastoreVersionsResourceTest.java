package org.opentrove.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentrove.api.core.DatastoreVersionAdmin;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;

/** Trove's datastore version registration and datastore delete over the real schema. */
@ExtendWith(DropwizardExtensionsSupport.class)
class MgmtDatastoreVersionsResourceTest {
  private static final TestDatabase DB = TestDatabase.createMigrated();
  private static final Jdbi JDBI = Store.jdbi(DB.dataSource());
  private static final String ADMIN = ResourceTestSupport.ADMIN_TOKEN;
  private static final String IMAGE = "8d5bd1e2-4b8e-4e4f-9d8a-1c2b3d4e5f60";
  private static final DatastoreVersionAdmin VERSIONS = new DatastoreVersionAdmin(JDBI);

  static final ResourceExtension RESOURCES =
      ResourceTestSupport.extension(
          new MgmtDatastoreVersionsResource(VERSIONS),
          new DatastoresResource(JDBI, VERSIONS, org.opentrove.api.core.VolumeTypes.NONE));

  @AfterAll
  static void dropDatabase() {
    DB.close();
  }

  @Test
  void anAdministratorRegistersShowsChangesAndDeletesAVersion() {
    Response created =
        send(
            ADMIN,
            "POST",
            "/v1.0/admin/mgmt/datastore-versions",
            "{\"version\": {\"name\": \"15-custom\", \"datastore_name\": \"postgresql\","
                + " \"datastore_manager\": \"postgresql\", \"image\": \""
                + IMAGE
                + "\", \"packages\": [\"pg\"], \"active\": true, \"default\": false,"
                + " \"version\": \"15.9\"}}");
    assertThat(created.getStatus()).isEqualTo(202);
    JsonNode version = find("15-custom");
    assertThat(version.get("version").asText()).isEqualTo("15.9");
    assertThat(version.get("image").asText()).isEqualTo(IMAGE);
    assertThat(version.get("image_tags").toString()).isEqualTo("[\"\"]");
    assertThat(version.get("packages").toString()).isEqualTo("[\"pg\"]");
    assertThat(version.get("default").asBoolean()).isFalse();
    String id = version.get("id").asText();
    assertThat(
            send(ADMIN, "GET", "/v1.0/admin/mgmt/datastore-versions/" + id, null)
                .readEntity(JsonNode.class)
                .at("/version/datastore_name")
                .asText())
        .isEqualTo("postgresql");

    Response set =
        send(
            ADMIN,
            "PATCH",
            "/v1.0/admin/mgmt/datastore-versions/" + id,
            "{\"active\": false, \"image_tags\": [\"trove\", \"pg-custom\"], \"name\": \"15-c\"}");
    assertThat(set.getStatus()).isEqualTo(202);
    JsonNode changed = find("15-c");
    assertThat(changed.get("active").asBoolean()).isFalse();
    assertThat(changed.get("image").isNull()).as("new tags alone drop the image id").isTrue();
    assertThat(changed.get("image_tags").toString()).isEqualTo("[\"trove\",\"pg-custom\"]");

    assertThat(send(ADMIN, "DELETE", "/v1.0/admin/mgmt/datastore-versions/" + id, null).getStatus())
        .isEqualTo(202);
    Response gone = send(ADMIN, "GET", "/v1.0/admin/mgmt/datastore-versions/" + id, null);
    assertThat(gone.getStatus()).isEqualTo(400);
    assertThat(gone.readEntity(JsonNode.class).at("/badRequest/message").asText())
        .isEqualTo("Datastore version '" + id + "' cannot be found.");
  }

  @Test
  void datastoresRunTheirOwnManagerAndAreDeletedOnlyWithoutVersions() {
    assertThat(
            create(
                    "{\"name\": \"11.4\", \"datastore_name\": \"mariadb-lts\","
                        + " \"datastore_manager\": \"mariadb\", \"image_tags\": [\"trove\"],"
                        + " \"active\": true}")
                .getStatus())
        .as("a datastore runs its own manager only")
        .isEqualTo(400);
    assertThat(send(ADMIN, "DELETE", "/v1.0/admin/datastores/mariadb", null).getStatus())
        .as("versions exist")
        .isEqualTo(400);
    assertThat(send("p1", "DELETE", "/v1.0/p1/datastores/mariadb", null).getStatus())
        .isEqualTo(403);
    assertThat(send(ADMIN, "DELETE", "/v1.0/admin/datastores/nosuch", null).getStatus())
        .isEqualTo(404);
  }

  @Test
  void aVersionInUseIsNotDeletedAndTheDefaultMovesWithDefaultTrue() {
    assertThat(
            create(
                    "{\"name\": \"15-b\", \"datastore_name\": \"postgresql\","
                        + " \"datastore_manager\": \"postgresql\", \"image_tags\": [\"trove\"],"
                        + " \"active\": true, \"default\": true}")
                .getStatus())
        .isEqualTo(202);
    JsonNode version = find("15-b");
    assertThat(version.get("default").asBoolean()).isTrue();
    UUID id = UUID.fromString(version.get("id").asText());
    JDBI.useExtension(
        InstanceDao.class,
        dao -> dao.insertBuilding(UUID.randomUUID(), "p1", "db", "1", id, 1, Instant.now()));

    Response refused = send(ADMIN, "DELETE", "/v1.0/admin/mgmt/datastore-versions/" + id, null);
    assertThat(refused.getStatus()).isEqualTo(400);
    assertThat(refused.readEntity(JsonNode.class).at("/badRequest/message").asText())
        .isEqualTo("Datastore version is in use by instance.");
    send(ADMIN, "PATCH", "/v1.0/admin/mgmt/datastore-versions/" + id, "{\"default\": false}");
    assertThat(find("15-b").get("default").asBoolean()).isFalse();
  }

  @Test
  void badRegistrationsAreRefusedAndWriteNothing() {
    String base =
        "\"datastore_name\": \"postgresql\", \"datastore_manager\": \"postgresql\","
            + " \"active\": true";
    assertThat(
            create("{\"name\": \"x1\", " + base + "}")
                .readEntity(JsonNode.class)
                .at("/badRequest/message")
                .asText())
        .isEqualTo("Image must be specified.");
    assertThat(create("{\"name\": \"x2\", \"image\": \"not-a-uuid\", " + base + "}").getStatus())
        .isEqualTo(400);
    assertThat(create("{\"name\": \"x3\", \"image_tags\": \"trove\", " + base + "}").getStatus())
        .isEqualTo(400);
    assertThat(
            create("{\"name\": \"x4\", \"image_tags\": [\"t\"], \"extra\": 1, " + base + "}")
                .getStatus())
        .isEqualTo(400);
    assertThat(
            create(
                    "{\"name\": \"x5\", \"image_tags\": [\"t\"], \"datastore_name\": \"redis\","
                        + " \"datastore_manager\": \"redis\", \"active\": true}")
                .getStatus())
        .isEqualTo(400);
    Response duplicate = create("{\"name\": \"15\", \"image_tags\": [\"t\"], " + base + "}");
    assertThat(duplicate.readEntity(JsonNode.class).at("/badRequest/message").asText())
        .isEqualTo("The datastore version '15(15)' already exists.");
    assertThat(send("p1", "POST", "/v1.0/p1/mgmt/datastore-versions", "{}").getStatus())
        .isEqualTo(401);
    assertThat(
            send(ADMIN, "GET", "/v1.0/admin/mgmt/datastore-versions", null)
                .readEntity(JsonNode.class)
                .get("versions")
                .findValuesAsText("name"))
        .doesNotContain("x1", "x2", "x3", "x4", "x5");
  }

  @Test
  void aVersionsFlavorsAreEveryFlavorAsTroveAnswersWithoutBindings() {
    JsonNode flavors =
        send("p1", "GET", "/v1.0/p1/datastores/postgresql/versions/15/flavors", null)
            .readEntity(JsonNode.class)
            .get("flavors");
    assertThat(flavors.findValuesAsText("name")).contains("m1.tiny", "m1.small");
  }

  @Test
  void aVersionsVolumeTypesAreTheLocalDriversNone() {
    JsonNode types =
        send("p1", "GET", "/v1.0/p1/datastores/postgresql/versions/15/volume-types", null)
            .readEntity(JsonNode.class);
    assertThat(types.toString()).isEqualTo("{\"volume_types\":[]}");
  }

  private static Response create(String version) {
    return send(
        ADMIN, "POST", "/v1.0/admin/mgmt/datastore-versions", "{\"version\": " + version + "}");
  }

  private static JsonNode find(String name) {
    for (JsonNode version :
        send(ADMIN, "GET", "/v1.0/admin/mgmt/datastore-versions", null)
            .readEntity(JsonNode.class)
            .get("versions")) {
      if (version.get("name").asText().equals(name)) {
        return version;
      }
    }
    throw new AssertionError("no version " + name);
  }

  private static Response send(String token, String method, String path, String body) {
    var request = RESOURCES.target(path).request().header("X-Auth-Token", token);
    return body == null ? request.method(method) : request.method(method, Entity.json(body));
  }
}
