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
import org.opentrove.api.auth.Caller;
import org.opentrove.api.core.InstanceService;
import org.opentrove.api.core.ReplicaService;
import org.opentrove.api.core.ResizeService;
import org.opentrove.api.core.StatusReset;
import org.opentrove.api.errors.TroveError;
import org.opentrove.store.InstanceRow;

/**
 * Trove's instance actions: {@code POST /v1.0/{project}/instances/{id}/action} with a body of one
 * key naming the action: {@code restart}, {@code resize} (volume or flavor), and the admin {@code
 * reset_status}.
 */
@Path("/v1.0/{projectId}/instances/{id}/action")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InstanceActionsResource {
  private static final Set<String> NOT_YET = Set.of("reset_password", "stop");

  private final InstanceService instances;
  private final ResizeService resizes;
  private final ReplicaService replicas;
  private final StatusReset statusReset;

  public InstanceActionsResource(
      InstanceService instances,
      ResizeService resizes,
      ReplicaService replicas,
      StatusReset statusReset) {
    this.instances = instances;
    this.resizes = resizes;
    this.replicas = replicas;
    this.statusReset = statusReset;
  }

  @POST
  public Response act(
      @PathParam("projectId") String projectId,
      @PathParam("id") String id,
      @HeaderParam("X-Openstack-Request-Id") String requestId,
      @Context ContainerRequestContext request,
      JsonNode body) {
    String action = onlyKey(body);
    if (NOT_YET.contains(action)) {
      throw TroveError.notImplemented("Instance action " + action + " is not implemented yet.");
    }
    String operationId =
        switch (action) {
          case "restart" ->
              replicas.isFenced(projectId, id)
                  ? replicas.rejoin(projectId, id, requestId)
                  : instances.restart(
                      projectId, id, requestId, body.get("restart"), Caller.of(request).admin());
          case "resize" -> resizes.resize(projectId, id, requestId, body.get("resize"));
          case "promote_to_replica_source" -> replicas.promote(projectId, id, requestId);
          case "eject_replica_source" -> replicas.eject(projectId, id, requestId);
          case "reset_status" -> {
            InstanceRow row = instances.get(projectId, id); // before the policy check, as Trove
            // With force_delete the policy is Trove's instance:force_delete, the owner's too.
            boolean ownersToo = body.path("reset_status").has("force_delete");
            if (!ownersToo && !Caller.of(request).admin()) {
              throw TroveError.forbidden(
                  "Policy doesn't allow instance:reset_status to be performed.");
            }
            yield statusReset.reset(row, StatusReset.Scope.STATUS);
          }
          default -> throw TroveError.badRequest("Unknown instance action: " + action + ".");
        };
    return Response.accepted().header(InstancesResource.OPERATION_HEADER, operationId).build();
  }

  private static String onlyKey(JsonNode body) {
    if (body == null || !body.isObject() || body.size() != 1) {
      throw TroveError.badRequest("An action body has exactly one key, the action's name.");
    }
    Iterator<String> names = body.fieldNames();
    return names.next();
  }
}
