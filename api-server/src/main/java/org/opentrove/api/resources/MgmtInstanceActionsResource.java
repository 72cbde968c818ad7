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
import org.opentrove.api.core.InstanceService;
import org.opentrove.api.errors.TroveError;

/**
 * Trove's management actions on an instance of any project, for administrators: {@code POST
 * /v1.0/{project}/mgmt/instances/{id}/action} with one key, {@code reboot} (the CLI's {@code
 * instance reboot}).
 */
@Path("/v1.0/{projectId}/mgmt/instances/{id}/action")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MgmtInstanceActionsResource {
  private static final Set<String> NOT_YET =
      Set.of("stop", "migrate", "rebuild", "reset-task-status");

  private final InstanceService instances;

  public MgmtInstanceActionsResource(InstanceService instances) {
    this.instances = instances;
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
    if (body.size() > 1) {
      throw TroveError.badRequest("Only one action can be specified per request.");
    }
    Iterator<String> names = body.fieldNames();
    String action = names.next();
    if (NOT_YET.contains(action)) {
      throw TroveError.notImplemented("Management action " + action + " is not available yet.");
    }
    if (!action.equals("reboot")) {
      throw TroveError.badRequest("Invalid instance action: " + action);
    }
    String operationId = instances.reboot(id, requestId, body.get("reboot"));
    return Response.accepted().header(InstancesResource.OPERATION_HEADER, operationId).build();
  }
}
