package org.opentrove.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link VersionsResource}: the open versions document at {@code /}. */
@ExtendWith(DropwizardExtensionsSupport.class)
class VersionsResourceTest {
  static final ResourceExtension RESOURCES = ResourceTestSupport.extension(new VersionsResource());

  @Test
  void theVersionsDocumentNeedsNoTokenAndLinksToV1() {
    Response response = RESOURCES.target("/").request().get();

    assertThat(response.getStatus()).isEqualTo(200);
    JsonNode versions = response.readEntity(JsonNode.class).get("versions");
    assertThat(versions).hasSize(1);
    JsonNode v1 = versions.get(0);
    assertThat(v1.get("id").asText()).isEqualTo("v1.0");
    assertThat(v1.get("status").asText()).isEqualTo("CURRENT");
    assertThat(v1.at("/links/0/rel").asText()).isEqualTo("self");
    String href = v1.at("/links/0/href").asText();
    assertThat(href).endsWith("/v1.0/").doesNotContain("//v1.0");
    assertThat(href).startsWith(RESOURCES.target("/").getUri().toString());
  }
}
