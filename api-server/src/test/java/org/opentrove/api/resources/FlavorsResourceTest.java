package org.opentrove.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;

/**
 * {@link FlavorsResource} over the flavors a fresh migrated database seeds, plus one an operator
 * added with a non-numeric id.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FlavorsResourceTest {
  private static final TestDatabase DB = TestDatabase.createMigrated();
  private static final Jdbi JDBI = Store.jdbi(DB.dataSource());

  static {
    JDBI.useHandle(
        h ->
            h.execute(
                "insert into flavors (id, name, ram_mb, vcpus, disk_gb)"
                    + " values ('custom-a', 'custom.a', 1024, 1, 2)"));
  }

  static final ResourceExtension RESOURCES =
      ResourceTestSupport.extension(new FlavorsResource(JDBI));

  @AfterAll
  static void dropDatabase() {
    DB.close();
  }

  private static JsonNode get(String path) {
    Response response = ResourceTestSupport.get(RESOURCES, "p1", path).get();
    assertThat(response.getStatus()).as("GET %s", path).isEqualTo(200);
    return response.readEntity(JsonNode.class);
  }

  @Test
  void listShowsTheFlavorsSmallestFirstInTrovesShape() {
    JsonNode flavors = get("/v1.0/p1/flavors").get("flavors");

    assertThat(flavors)
        .extracting(f -> f.get("name").asText())
        .containsExactly("m1.tiny", "custom.a", "m1.small", "m1.medium", "m1.large", "m1.xlarge");
    JsonNode tiny = flavors.get(0);
    assertThat(tiny.get("id").asInt()).isEqualTo(1);
    assertThat(tiny.get("str_id").asText()).isEqualTo("1");
    assertThat(tiny.get("name").asText()).isEqualTo("m1.tiny");
    assertThat(tiny.get("ram").asInt()).isEqualTo(512);
    assertThat(tiny.get("vcpus").asInt()).isEqualTo(1);
    assertThat(tiny.get("disk").asInt()).isEqualTo(1);
    assertThat(tiny.at("/links/0/href").asText()).endsWith("/v1.0/p1/flavors/1");
    assertThat(tiny.at("/links/0/rel").asText()).isEqualTo("self");
    assertThat(tiny.at("/links/1/href").asText()).endsWith("/flavors/1").doesNotContain("v1.0");
  }

  @Test
  void showFindsAFlavorByIdOrByName() {
    JsonNode byId = get("/v1.0/p1/flavors/2").get("flavor");
    JsonNode byName = get("/v1.0/p1/flavors/m1.small").get("flavor");

    assertThat(byId.get("name").asText()).isEqualTo("m1.small");
    assertThat(byName).isEqualTo(byId);
  }

  @Test
  void aFlavorWithANonNumericIdShowsItOnlyAsStrId() {
    JsonNode flavor = get("/v1.0/p1/flavors/custom-a").get("flavor");

    assertThat(flavor.get("id").isNull()).isTrue();
    assertThat(flavor.get("str_id").asText()).isEqualTo("custom-a");
  }

  @Test
  void anUnknownFlavorIs404InTrovesShape() {
    Response response = ResourceTestSupport.get(RESOURCES, "p1", "/v1.0/p1/flavors/99").get();

    assertThat(response.getStatus()).isEqualTo(404);
    JsonNode fault = response.readEntity(JsonNode.class).get("itemNotFound");
    assertThat(fault.get("code").asInt()).isEqualTo(404);
    assertThat(fault.get("message").asText()).isEqualTo("Flavor 99 could not be found.");
  }

  @Test
  void anotherProjectsTokenIsRefused() {
    Response response = ResourceTestSupport.get(RESOURCES, "p2", "/v1.0/p1/flavors").get();

    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.readEntity(JsonNode.class).has("unauthorized")).isTrue();
  }
}
