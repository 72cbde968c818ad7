package org.opentrove.api.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/** {@code GET /}: the API versions document. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class VersionsResource {
  @GET
  public Map<String, Object> versions(@Context UriInfo uri) {
    String base = uri.getBaseUri().toString();
    String href = (base.endsWith("/") ? base : base + "/") + "v1.0/";
    return Map.of(
        "versions",
        List.of(
            Map.of(
                "id", "v1.0",
                "status", "CURRENT",
                "updated", "2012-08-01T00:00:00Z",
                "links", List.of(Map.of("rel", "self", "href", href)))));
  }
}
