package org.opentrove.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentrove.api.core.InstanceAdmin;
import org.opentrove.api.core.InstanceAdmin.Target;
import org.opentrove.api.errors.TroveError;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.DatabasesArgs;
import org.opentrove.contract.GuestMethods;

/** Trove's databases of an instance: list, create, delete (and show, which Trove refuses). */
@Path("/v1.0/{projectId}/instances/{instanceId}/databases")
@Produces(MediaType.APPLICATION_JSON)
public class DatabasesResource {
  private final InstanceAdmin admin;

  public DatabasesResource(InstanceAdmin admin) {
    this.admin = admin;
  }

  @GET
  public Map<String, Object> list(
      @PathParam("projectId") String projectId, @PathParam("instanceId") String instanceId) {
    Target target = admin.target(projectId, instanceId);
    List<Map<String, Object>> databases = new ArrayList<>();
    for (JsonNode db : admin.call(target, GuestMethods.LIST_DATABASES, Map.of())) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("name", db.path("name").asText());
      if (db.hasNonNull("character_set")) {
        view.put("character_set", db.get("character_set").asText());
      }
      if (db.hasNonNull("collate")) {
        view.put("collate", db.get("collate").asText());
      }
      databases.add(view);
    }
    return Map.of("databases", databases, "links", List.of());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(
      @PathParam("projectId") String projectId,
      @PathParam("instanceId") String instanceId,
      JsonNode body) {
    Target target = admin.target(projectId, instanceId);
    if (body == null || !body.path("databases").isArray() || body.get("databases").isEmpty()) {
      throw TroveError.badRequest("The body must hold a non-empty list 'databases'.");
    }
    List<DatabaseSpec> databases = target.schemas().databases(body.get("databases"));
    admin.call(target, GuestMethods.CREATE_DATABASE, new DatabasesArgs(databases));
    return Response.accepted().build();
  }

  @DELETE
  @Path("/{name}")
  public Response delete(
      @PathParam("projectId") String projectId,
      @PathParam("instanceId") String instanceId,
      @PathParam("name") String name) {
    Target target = admin.target(projectId, instanceId);
    String database = target.rules().database(name);
    admin.call(target, GuestMethods.DELETE_DATABASE, new DatabaseSpec(database, null, null));
    return Response.accepted().build();
  }

  /** Trove routes a database show only to refuse it, once the instance is found. */
  @GET
  @Path("/{name}")
  public Response show(
      @PathParam("projectId") String projectId, @PathParam("instanceId") String instanceId) {
    admin.find(projectId, instanceId);
    throw TroveError.notImplemented(
        "The server has either erred or is incapable of performing the requested operation.");
  }
}
