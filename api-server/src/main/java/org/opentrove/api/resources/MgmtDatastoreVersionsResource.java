package org.opentrove.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentrove.api.auth.AdminContext;
import org.opentrove.api.core.DatastoreVersionAdmin;
import org.opentrove.store.ManagedVersionRow;

/** Trove's {@code /mgmt/datastore-versions}, for administrators. */
@Path("/v1.0/{projectId}/mgmt/datastore-versions")
@Produces(MediaType.APPLICATION_JSON)
public class MgmtDatastoreVersionsResource {
  private final DatastoreVersionAdmin versions;

  public MgmtDatastoreVersionsResource(DatastoreVersionAdmin versions) {
    this.versions = versions;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(JsonNode body, @Context ContainerRequestContext request) {
    AdminContext.require(request);
    versions.create(body);
    return Response.accepted().build();
  }

  @GET
  public Map<String, Object> list(@Context ContainerRequestContext request) {
    AdminContext.require(request);
    return Map.of("versions", versions.list().stream().map(this::view).toList());
  }

  @GET
  @Path("/{id}")
  public Map<String, Object> show(
      @PathParam("id") String id, @Context ContainerRequestContext request) {
    AdminContext.require(request);
    return Map.of("version", view(versions.get(id)));
  }

  @PATCH
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response update(
      @PathParam("id") String id, JsonNode body, @Context ContainerRequestContext request) {
    AdminContext.require(request);
    versions.update(id, body);
    return Response.accepted().build();
  }

  @DELETE
  @Path("/{id}")
  public Response delete(@PathParam("id") String id, @Context ContainerRequestContext request) {
    AdminContext.require(request);
    versions.delete(id);
    return Response.accepted().build();
  }

  /** Trove's view: lists split from their commas; an empty one is {@code [""]}, as Trove's. */
  private Map<String, Object> view(ManagedVersionRow row) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", row.id().toString());
    view.put("name", row.name());
    view.put("version", row.version());
    view.put("datastore_id", row.datastoreId().toString());
    view.put("datastore_name", row.datastoreName());
    view.put("datastore_manager", row.manager());
    view.put("image", row.imageId());
    view.put("image_tags", split(row.imageTags()));
    view.put("packages", split(row.packages()));
    view.put("active", row.active());
    view.put("default", row.isDefault());
    return view;
  }

  private static List<String> split(String commaSeparated) {
    return commaSeparated == null || commaSeparated.isEmpty()
        ? List.of("")
        : Arrays.asList(commaSeparated.split(","));
  }
}
