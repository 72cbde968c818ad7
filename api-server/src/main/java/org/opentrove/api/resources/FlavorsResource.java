package org.opentrove.api.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.errors.TroveError;
import org.opentrove.api.views.FlavorView;
import org.opentrove.store.FlavorDao;

@Path("/v1.0/{projectId}/flavors")
@Produces(MediaType.APPLICATION_JSON)
public class FlavorsResource {
  private final Jdbi jdbi;

  public FlavorsResource(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @GET
  public Map<String, Object> list(@PathParam("projectId") String projectId, @Context UriInfo uri) {
    return Map.of(
        "flavors",
        jdbi.withExtension(FlavorDao.class, FlavorDao::list).stream()
            .map(f -> FlavorView.of(f, uri, projectId))
            .toList());
  }

  @GET
  @Path("/{id}")
  public Map<String, Object> show(
      @PathParam("projectId") String projectId, @PathParam("id") String id, @Context UriInfo uri) {
    return Map.of(
        "flavor",
        FlavorView.of(
            jdbi.withExtension(FlavorDao.class, dao -> dao.find(id))
                .orElseThrow(() -> TroveError.notFound("Flavor " + id + " could not be found.")),
            uri,
            projectId));
  }
}
