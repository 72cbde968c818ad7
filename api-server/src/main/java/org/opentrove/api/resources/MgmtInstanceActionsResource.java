package org.opentrove.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Iterator;
import java.util.Set;
import org.opentrove.api.auth.AdminContext;
import org.opentrove.api.core.DatastoreStop;
import org.opentrove.api.core.InstanceService;
import org.opentrove.api.core.StatusReset;
import org.opentrove.api.errors.TroveError;
import org.opentrove.store.InstanceRow;

/**
 * Trove's management actions on an instance of any project, for administrators: {@code POST
 * /v1.0/{project}/mgmt/instances/{id}/action} with one key: {@code reboot} (the CLI's {@code
 * instance reboot}, for an instance whatever its status), {@code reset-task-status} (its task is
 * declared dead, its guest's status left alone), {@code stop} (the guest stops its datastore) or
 * {@code migrate} (the server moves to another compute host, where the driver has more than one).
 */
@Path("/v1.0/{projectId}/mgmt/instances/{id}/action")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MgmtInstanceActionsResource {
  private static final Set<String> ACTIONS =
      Set.of("reboot", "reset-task-status", "stop", "migrate", "rebuild");

  private final InstanceService instances;
  private final StatusReset statusReset;
  private final DatastoreStop datastoreStop;
  private final boolean migratesServers;

  public MgmtInstanceActionsResource(
      InstanceService instances,
      StatusReset statusReset,
      DatastoreStop datastoreStop,
      boolean migratesServers) {
    this.instances = instances;
    this.statusReset = statusReset;
    this.datastoreStop = datastoreStop;
    this.migratesServers = migratesServers;
  }

  @POST
  public Response act(
      @PathParam("id") String id,
      @HeaderParam("X-Openstack-Request-Id") String requestId,
      @Context ContainerRequestContext request,
      JsonNode body) {
    AdminContext.require(request);
    if (body == null || !body.isObject() || body.isEmpty()) {
      throw TroveError.badRequest("Invalid request body.");
    }
    InstanceRow row = instances.getOfAnyProject(id); // Trove finds it before reading the body
    String action = selectedAction(body);
    String operationId =
        switch (action) {
          case "reboot" -> instances.reboot(row, requestId, body.get("reboot"));
          case "reset-task-status" -> statusReset.reset(row, StatusReset.Scope.TASK);
          case "stop" -> datastoreStop.stop(row);
          case "migrate" -> migrate(row, requestId, body.get("migrate"));
          default ->
              throw TroveError.notImplemented(
                  "Management action " + action + " is not available on this deployment.");
        };
    return Response.accepted().header(InstancesResource.OPERATION_HEADER, operationId).build();
  }

  /** Trove's {@code {"migrate": {"host": "<compute host>"}}}, the host optional. */
  private String migrate(InstanceRow row, String requestId, JsonNode migrate) {
    if (!migratesServers) {
      throw TroveError.notImplemented(
          "Management action migrate is not available with the local compute driver: every"
              + " instance runs on this host.");
    }
    if (migrate != null && !migrate.isNull() && !migrate.isObject()) {
      throw TroveError.badRequest("'migrate' must be an object.");
    }
    JsonNode host = migrate == null ? null : migrate.get("host");
    if (host != null && !host.isNull() && (!host.isTextual() || host.asText().isBlank())) {
      throw TroveError.badRequest("'host' must be a compute host's name.");
    }
    return instances.migrate(row, requestId, host == null || host.isNull() ? null : host.asText());
  }

  /** Trove's reading of the body: every key must be an action, and only one may be given. */
  private static String selectedAction(JsonNode body) {
    String selected = null;
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!ACTIONS.contains(name)) {
        throw TroveError.badRequest("Invalid instance action: " + name);
      }
      if (selected != null) {
        throw TroveError.badRequest("Only one action can be specified per request.");
      }
      selected = name;
    }
    return selected;
  }
}
