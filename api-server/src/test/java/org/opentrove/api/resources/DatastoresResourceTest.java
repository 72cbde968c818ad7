package org.opentrove.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentrove.store.DatastoreDao;
import org.opentrove.store.DatastoreRow;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;

/** {@link DatastoresResource} over the datastores a fresh migrated database seeds. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DatastoresResourceTest {
  private static final TestDatabase DB = TestDatabase.createMigrated();
  private static final Jdbi JDBI = Store.jdbi(DB.dataSource());
  private static final DatastoreRow POSTGRES =
      JDBI.onDemand(DatastoreDao.class).find("postgresql").orElseThrow();
  private static final DatastoreRow MARIADB =
      JDBI.onDemand(DatastoreDao.class).find("mariadb").orElseThrow();

  static final ResourceExtension RESOURCES =
      ResourceTestSupport.extension(
          new DatastoresResource(
              JDBI,
              new org.opentrove.api.core.DatastoreVersionAdmin(JDBI),
              org.opentrove.api.core.VolumeTypes.NONE));

  @AfterAll
  static void dropDatabase() {
    DB.close();
  }

  private static Response request(String path) {
    return ResourceTestSupport.get(RESOURCES, "p1", path).get();
  }

  private static JsonNode get(String path) {
    Response response = request(path);
    assertThat(response.getStatus()).as("GET %s", path).isEqualTo(200);
    return response.readEntity(JsonNode.class);
  }

  private static void assertNotFound(String path, String message) {
    Response response = request(path);
    assertThat(response.getStatus()).as("GET %s", path).isEqualTo(404);
    assertThat(response.readEntity(JsonNode.class).at("/itemNotFound/message").asText())
        .isEqualTo(message);
  }

  @Test
  void listShowsEachDatastoreWithItsVersionsAndDefault() {
    JsonNode datastores = get("/v1.0/p1/datastores").get("datastores");

    assertThat(datastores).hasSize(2);
    JsonNode mariadb = datastores.get(0);
    JsonNode postgres = datastores.get(1);
    assertThat(mariadb.get("name").asText()).isEqualTo("mariadb");
    assertThat(postgres.get("name").asText()).isEqualTo("postgresql");
    assertThat(postgres.get("id").asText()).isEqualTo(POSTGRES.id().toString());
    assertThat(postgres.get("default_version").asText())
        .isEqualTo(POSTGRES.defaultVersionId().toString());
    assertThat(postgres.get("versions")).hasSize(1);
    assertThat(postgres.at("/versions/0/name").asText()).isEqualTo("15");
    assertThat(postgres.at("/versions/0/links/0/href").asText())
        .endsWith("/v1.0/p1/datastores/versions/" + POSTGRES.defaultVersionId());
    assertThat(mariadb.at("/versions/0/name").asText()).isEqualTo("10.11");
  }

  @Test
  void showFindsADatastoreByNameOrById() {
    JsonNode byName = get("/v1.0/p1/datastores/postgresql").get("datastore");
    JsonNode byId = get("/v1.0/p1/datastores/" + POSTGRES.id()).get("datastore");

    assertThat(byName.get("id").asText()).isEqualTo(POSTGRES.id().toString());
    assertThat(byId).isEqualTo(byName);
  }

  @Test
  void versionsListsTheDatastoresVersionsWithTheirDatastore() {
    JsonNode versions = get("/v1.0/p1/datastores/mariadb/versions").get("versions");

    assertThat(versions).hasSize(1);
    assertThat(versions.at("/0/name").asText()).isEqualTo("10.11");
    assertThat(versions.at("/0/datastore").asText()).isEqualTo(MARIADB.id().toString());
  }

  @Test
  void aVersionIsFoundByNameOrByIdUnderItsDatastore() {
    JsonNode byName = get("/v1.0/p1/datastores/postgresql/versions/15").get("version");
    JsonNode byId =
        get("/v1.0/p1/datastores/postgresql/versions/" + POSTGRES.defaultVersionId())
            .get("version");

    assertThat(byName.get("id").asText()).isEqualTo(POSTGRES.defaultVersionId().toString());
    assertThat(byName.get("datastore").asText()).isEqualTo(POSTGRES.id().toString());
    assertThat(byId).isEqualTo(byName);
  }

  @Test
  void aVersionIsFoundByItsIdAlone() {
    JsonNode version =
        get("/v1.0/p1/datastores/versions/" + MARIADB.defaultVersionId()).get("version");

    assertThat(version.get("name").asText()).isEqualTo("10.11");
    assertThat(version.get("datastore").asText()).isEqualTo(MARIADB.id().toString());
  }

  @Test
  void anUnknownDatastoreIs404() {
    assertNotFound("/v1.0/p1/datastores/mysql", "Datastore 'mysql' cannot be found.");
    assertNotFound("/v1.0/p1/datastores/mysql/versions", "Datastore 'mysql' cannot be found.");
  }

  /** Trove's codes: a version named that is not there is a 400, one given by id a 404. */
  @Test
  void anotherDatastoresVersionIs400ByNameAnd404ById() {
    assertBadRequest(
        "/v1.0/p1/datastores/mariadb/versions/15", "Datastore version '15' cannot be found.");
    String postgres15 = POSTGRES.defaultVersionId().toString();
    assertNotFound(
        "/v1.0/p1/datastores/mariadb/versions/" + postgres15,
        "Datastore version '" + postgres15 + "' cannot be found.");
  }

  /** Trove's {@code load_by_uuid}: any id it does not find is a 400. */
  @Test
  void aVersionIdNotFoundAloneIs400() {
    assertBadRequest(
        "/v1.0/p1/datastores/versions/not-a-uuid",
        "Datastore version 'not-a-uuid' cannot be found.");
    String unknown = UUID.randomUUID().toString();
    assertBadRequest(
        "/v1.0/p1/datastores/versions/" + unknown,
        "Datastore version '" + unknown + "' cannot be found.");
  }

  private static void assertBadRequest(String path, String message) {
    Response response = request(path);
    assertThat(response.getStatus()).as("GET %s", path).isEqualTo(400);
    assertThat(response.readEntity(JsonNode.class).at("/badRequest/message").asText())
        .isEqualTo(message);
  }
}
