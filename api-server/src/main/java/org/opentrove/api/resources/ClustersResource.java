package org.opentrove.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.opentrove.api.auth.Caller;
import org.opentrove.api.core.ClusterService;
import org.opentrove.api.core.InstanceAdmin;
import org.opentrove.api.errors.TroveError;
import org.opentrove.api.views.ClusterView;
import org.opentrove.api.views.InstanceView;
import org.opentrove.contract.GuestMethods;
import org.opentrove.contract.RootCredentials;
import org.opentrove.store.ClusterRow;
import org.opentrove.store.InstanceRow;

/**
 * Trove's clusters: list, create (200), show, delete (202), the actions {@code grow}, {@code
 * shrink} and the administrators' {@code reset-status} (202 with the cluster), a member's view, and
 * root for every member at once.
 */
@Path("/v1.0/{projectId}/clusters")
@Produces(MediaType.APPLICATION_JSON)
public class ClustersResource {
  private final ClusterService clusters;
  private final ClusterView view;
  private final InstanceView instanceView;
  private final InstanceAdmin admin;
  private final Clock clock;

  public ClustersResource(
      ClusterService clusters,
      ClusterView view,
      InstanceView instanceView,
      InstanceAdmin admin,
      Clock clock) {
    this.clusters = clusters;
    this.view = view;
    this.instanceView = instanceView;
    this.admin = admin;
    this.clock = clock;
  }

  @GET
  public Map<String, Object> list(@PathParam("projectId") String projectId, @Context UriInfo uri) {
    Instant now = clock.instant();
    return Map.of(
        "clusters",
        clusters.list(projectId).stream()
            .map(c -> view.of(c, clusters.members(c.id()), false, uri, now))
            .toList());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> create(
      @PathParam("projectId") String projectId,
      @HeaderParam("X-Openstack-Request-Id") String requestId,
      @Context UriInfo uri,
      JsonNode body) {
    ClusterRow created = clusters.create(projectId, body, requestId);
    return Map.of(
        "cluster", view.of(created, clusters.members(created.id()), false, uri, clock.instant()));
  }

  @GET
  @Path("/{id}")
  public Map<String, Object> show(
      @PathParam("projectId") String projectId, @PathParam("id") String id, @Context UriInfo uri) {
    ClusterRow cluster = clusters.get(projectId, id);
    return Map.of(
        "cluster", view.of(cluster, clusters.members(cluster.id()), true, uri, clock.instant()));
  }

  @GET
  @Path("/{id}/instances/{instanceId}")
  public Map<String, Object> showInstance(
      @PathParam("projectId") String projectId,
      @PathParam("id") String id,
      @PathParam("instanceId") String instanceId,
      @Context UriInfo uri) {
    ClusterRow cluster = clusters.get(projectId, id);
    InstanceRow member =
        clusters.members(cluster.id()).stream()
            .filter(row -> row.id().toString().equals(instanceId))
            .findFirst()
            .orElseThrow(() -> TroveError.notFound("Resource " + instanceId + " cannot be found."));
    return Map.of("instance", instanceView.detail(member, uri, clock.instant()));
  }

  @POST
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response act(
      @PathParam("projectId") String projectId,
      @PathParam("id") String id,
      @HeaderParam("X-Openstack-Request-Id") String requestId,
      @Context ContainerRequestContext request,
      @Context UriInfo uri,
      JsonNode body) {
    if (body == null || !body.isObject() || body.isEmpty()) {
      throw TroveError.badRequest("Invalid request body.");
    }
    if (body.size() != 1) {
      throw TroveError.badRequest(
          "Action request should have exactly one action specified in body");
    }
    String action = body.fieldNames().next();
    ClusterRow cluster = clusters.get(projectId, id);
    ClusterRow after =
        switch (action) {
          case "grow" -> clusters.grow(projectId, cluster, body.get("grow"), requestId);
          case "shrink" -> clusters.shrink(projectId, cluster, body.get("shrink"), requestId);
          case "restart" -> clusters.restart(projectId, cluster, body.get("restart"), requestId);
          case "reset-status" -> {
            if (!Caller.of(request).admin()) {
              throw TroveError.forbidden(
                  "Policy doesn't allow cluster:reset-status to be performed.");
            }
            yield clusters.resetStatus(projectId, cluster);
          }
          default -> throw TroveError.badRequest("Action " + action + " not supported");
        };
    return Response.accepted(
            Map.of(
                "cluster",
                view.of(after, clusters.members(after.id()), false, uri, clock.instant())))
        .build();
  }

  @DELETE
  @Path("/{id}")
  public Response delete(
      @PathParam("projectId") String projectId,
      @PathParam("id") String id,
      @HeaderParam("X-Openstack-Request-Id") String requestId) {
    String operationId = clusters.delete(projectId, id, requestId);
    return Response.accepted().header(InstancesResource.OPERATION_HEADER, operationId).build();
  }

  /** Whether root is enabled: Galera replicates accounts, so the first member answers for all. */
  @GET
  @Path("/{id}/root")
  public Map<String, Object> rootShown(
      @PathParam("projectId") String projectId, @PathParam("id") String id) {
    InstanceRow first = firstMember(projectId, id);
    JsonNode answer =
        admin.call(
            admin.target(projectId, first.id().toString()), GuestMethods.IS_ROOT_ENABLED, Map.of());
    return Map.of("rootEnabled", answer.path("enabled").asBoolean());
  }

  /**
   * Enables root on every member at once: made on the first member, the account reaches every other
   * through the cluster's replication (as Trove's pxc root controller).
   */
  @POST
  @Path("/{id}/root")
  public Map<String, Object> rootEnabled(
      @PathParam("projectId") String projectId, @PathParam("id") String id, JsonNode body) {
    InstanceRow first = firstMember(projectId, id);
    String password =
        body != null && body.path("password").isTextual() ? body.get("password").asText() : null;
    JsonNode answer =
        admin.call(
            admin.target(projectId, first.id().toString()),
            GuestMethods.ENABLE_ROOT,
            new RootCredentials(null, password));
    return Map.of(
        "user",
        Map.of("name", answer.path("name").asText(), "password", answer.path("password").asText()));
  }

  private InstanceRow firstMember(String projectId, String id) {
    ClusterRow cluster = clusters.get(projectId, id);
    List<InstanceRow> members = clusters.members(cluster.id());
    if (members.isEmpty() || !"NONE".equals(cluster.task())) {
      throw TroveError.unprocessable("Cluster " + cluster.id() + " is not ready.");
    }
    return members.get(0);
  }
}
