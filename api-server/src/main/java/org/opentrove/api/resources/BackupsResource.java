package org.opentrove.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.opentrove.api.core.BackupService;
import org.opentrove.api.core.Page;
import org.opentrove.api.core.Uuids;
import org.opentrove.api.views.BackupView;
import org.opentrove.store.BackupRow;

/** Trove's {@code /backups}: create, list ({@code ?instance_id=}), show, delete. */
@Path("/v1.0/{projectId}/backups")
@Produces(MediaType.APPLICATION_JSON)
public class BackupsResource {
  private final BackupService backups;
  private final int pageSize;

  public BackupsResource(BackupService backups, int pageSize) {
    this.backups = backups;
    this.pageSize = pageSize;
  }

  @GET
  public Map<String, Object> list(
      @PathParam("projectId") String projectId,
      @QueryParam("instance_id") String instanceId,
      @QueryParam("limit") String limit,
      @QueryParam("marker") String marker,
      @Context UriInfo uri) {
    Optional<UUID> instance = Optional.ofNullable(instanceId).flatMap(Uuids::parse);
    if (instanceId != null && instance.isEmpty()) {
      return Map.of("backups", List.of()); // Trove's filter: no instance has such an id
    }
    Page<BackupRow> page = backups.page(projectId, instance, limit, marker, pageSize);
    return page.body("backups", page.items().stream().map(BackupView::of).toList(), uri);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(
      @PathParam("projectId") String projectId,
      @HeaderParam("X-Openstack-Request-Id") String requestId,
      JsonNode body) {
    BackupService.Started started = backups.create(projectId, body, requestId);
    return Response.accepted(Map.of("backup", BackupView.of(started.backup())))
        .header(InstancesResource.OPERATION_HEADER, started.operationId())
        .build();
  }

  @GET
  @Path("/{id}")
  public Map<String, Object> show(
      @PathParam("projectId") String projectId, @PathParam("id") String id) {
    return Map.of("backup", BackupView.of(backups.get(projectId, id)));
  }

  /**
   * Deletes every incremental backup built on this one with it, as Trove does; {@code
   * ?delete_chain=false} refuses instead when there are any.
   */
  @DELETE
  @Path("/{id}")
  public Response delete(
      @PathParam("projectId") String projectId,
      @PathParam("id") String id,
      @QueryParam("delete_chain") @DefaultValue("true") boolean wholeChain,
      @HeaderParam("X-Openstack-Request-Id") String requestId) {
    String operationId = backups.delete(projectId, id, wholeChain, requestId);
    return Response.accepted().header(InstancesResource.OPERATION_HEADER, operationId).build();
  }
}
