package org.opentrove.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.opentrove.api.ApiConfig;
import org.opentrove.api.auth.Caller;
import org.opentrove.api.core.IdempotencyKey;
import org.opentrove.api.core.InstanceService;
import org.opentrove.api.core.InstanceUpdates;
import org.opentrove.api.core.NewInstance;
import org.opentrove.api.core.Page;
import org.opentrove.api.core.ReplicaService;
import org.opentrove.api.views.InstanceView;
import org.opentrove.api.views.OperationView;
import org.opentrove.store.InstanceRow;

@Path("/v1.0/{projectId}/instances")
@Produces(MediaType.APPLICATION_JSON)
public class InstancesResource {
  /** Names the operation a mutating request started (Trove's body stays as Trove writes it). */
  public static final String OPERATION_HEADER = "X-Trove-Operation-Id";

  /** A retried POST with the same key gets the same operation and instance, never a second. */
  public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private final InstanceService instances;
  private final ReplicaService replicas;
  private final InstanceUpdates updates;
  private final InstanceView view;
  private final OperationView operationView;
  private final ApiConfig config;
  private final Clock clock;

  public InstancesResource(
      InstanceService instances,
      ReplicaService replicas,
      InstanceUpdates updates,
      InstanceView view,
      OperationView operationView,
      ApiConfig config,
      Clock clock) {
    this.instances = instances;
    this.replicas = replicas;
    this.updates = updates;
    this.view = view;
    this.operationView = operationView;
    this.config = config;
    this.clock = clock;
  }

  @GET
  public Map<String, Object> list(
      @PathParam("projectId") String projectId,
      @QueryParam("include_clustered") boolean includeClustered,
      @QueryParam("limit") String limit,
      @QueryParam("marker") String marker,
      @Context UriInfo uri) {
    return listed(projectId, includeClustered, limit, marker, uri, false);
  }

  @GET
  @Path("/detail")
  public Map<String, Object> detail(
      @PathParam("projectId") String projectId,
      @QueryParam("include_clustered") boolean includeClustered,
      @QueryParam("limit") String limit,
      @QueryParam("marker") String marker,
      @Context UriInfo uri) {
    return listed(projectId, includeClustered, limit, marker, uri, true);
  }

  /** One page of the project's instances, each in Trove's list or detail view. */
  private Map<String, Object> listed(
      String projectId,
      boolean includeClustered,
      String limit,
      String marker,
      UriInfo uri,
      boolean detailed) {
    Instant now = clock.instant();
    Page<InstanceRow> page =
        instances.page(projectId, includeClustered, limit, marker, config.instancesPageSize);
    InstanceView.Replicas replicaSets = view.replicasOf(page.items());
    return page.body(
        "instances",
        page.items().stream()
            .map(
                row ->
                    detailed
                        ? view.detail(row, replicaSets, uri, now)
                        : view.summary(row, replicaSets, uri, now))
            .toList(),
        uri);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(
      @PathParam("projectId") String projectId,
      @HeaderParam("X-Openstack-Request-Id") String requestId,
      @HeaderParam(IDEMPOTENCY_HEADER) String idempotencyKey,
      JsonNode body,
      @Context UriInfo uri) {
    InstanceService.Created created =
        ReplicaService.asksForReplicas(body)
            ? replicas.create(projectId, body, requestId)
            : instances.create(
                projectId,
                NewInstance.parse(body, config.maxVolumeSizeGb),
                requestId,
                IdempotencyKey.parse(idempotencyKey));
    return Response.ok(Map.of("instance", view.detail(created.instance(), uri, clock.instant())))
        .header(OPERATION_HEADER, created.operationId())
        .build();
  }

  @GET
  @Path("/{id}")
  public Map<String, Object> show(
      @PathParam("projectId") String projectId,
      @PathParam("id") String id,
      @Context ContainerRequestContext request,
      @Context UriInfo uri) {
    InstanceRow row = instances.get(projectId, id);
    Map<String, Object> detail = view.detail(row, uri, clock.instant());
    if (Caller.of(request).admin()) {
      InstanceView.addAdminFields(detail, row);
    }
    return Map.of("instance", detail);
  }

  @GET
  @Path("/{id}/operations")
  public Map<String, Object> operations(
      @PathParam("projectId") String projectId, @PathParam("id") String id) {
    return Map.of(
        "operations",
        instances.operations(projectId, id).stream()
            .map(op -> operationView.of(op.operation(), op.steps()))
            .toList());
  }

  /** Trove's instance update: a rename (other attributes are refused until they exist). */
  @PUT
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response update(
      @PathParam("projectId") String projectId, @PathParam("id") String id, JsonNode body) {
    String operationId = updates.update(projectId, id, body);
    return Response.accepted().header(OPERATION_HEADER, operationId).build();
  }

  /** Trove's deprecated {@code PATCH}: the same as {@code PUT}. */
  @PATCH
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response edit(
      @PathParam("projectId") String projectId, @PathParam("id") String id, JsonNode body) {
    return update(projectId, id, body);
  }

  @DELETE
  @Path("/{id}")
  public Response delete(
      @PathParam("projectId") String projectId,
      @PathParam("id") String id,
      @HeaderParam("X-Openstack-Request-Id") String requestId) {
    String operationId = instances.delete(projectId, id, requestId);
    return Response.accepted().header(OPERATION_HEADER, operationId).build();
  }
}
