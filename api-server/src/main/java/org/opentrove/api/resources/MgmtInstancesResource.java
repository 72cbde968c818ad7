package org.opentrove.api.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.auth.AdminContext;
import org.opentrove.api.core.Uuids;
import org.opentrove.api.errors.TroveError;
import org.opentrove.api.views.InstanceView;
import org.opentrove.api.views.Times;
import org.opentrove.model.InstanceTask;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.InstanceRow;
import org.opentrove.store.ManagedInstanceRow;

/**
 * Trove's management view of instances, for administrators: every project's instances ({@code GET
 * /v1.0/{project}/mgmt/instances}, the CLI's {@code instance list --all-projects}, filtered by
 * {@code deleted}, {@code project_id} and {@code include_clustered}) and one instance of any
 * project, deleted or not. Each carries Trove's management fields: its project, server and task.
 */
@Path("/v1.0/{projectId}/mgmt/instances")
@Produces(MediaType.APPLICATION_JSON)
public class MgmtInstancesResource {
  private final Jdbi jdbi;
  private final InstanceView view;
  private final Clock clock;

  public MgmtInstancesResource(Jdbi jdbi, InstanceView view, Clock clock) {
    this.jdbi = jdbi;
    this.view = view;
    this.clock = clock;
  }

  @GET
  public Map<String, Object> list(
      @QueryParam("deleted") String deleted,
      @QueryParam("project_id") String projectId,
      @QueryParam("include_clustered") String includeClustered,
      @Context ContainerRequestContext request,
      @Context UriInfo uri) {
    AdminContext.require(request);
    List<ManagedInstanceRow> rows =
        jdbi.withExtension(
            InstanceDao.class,
            dao ->
                dao.listManaged(
                    trueOrFalse(deleted),
                    projectId == null || projectId.isEmpty() ? null : projectId,
                    "true".equalsIgnoreCase(includeClustered)));
    Instant now = clock.instant();
    InstanceView.Replicas replicas =
        view.replicasOf(rows.stream().map(ManagedInstanceRow::instance).toList());
    return Map.of("instances", rows.stream().map(row -> managed(row, replicas, uri, now)).toList());
  }

  @GET
  @Path("/{id}")
  public Map<String, Object> show(
      @PathParam("id") String id,
      @QueryParam("deleted") String deleted,
      @Context ContainerRequestContext request,
      @Context UriInfo uri) {
    AdminContext.require(request);
    boolean showDeleted = "true".equalsIgnoreCase(deleted); // Trove's: only when asked
    ManagedInstanceRow row =
        Uuids.parse(id)
            .flatMap(uuid -> jdbi.withExtension(InstanceDao.class, dao -> dao.findManaged(uuid)))
            .filter(found -> showDeleted || !found.deleted())
            .orElseThrow(() -> TroveError.notFound("Instance " + id + " could not be found."));
    InstanceView.Replicas replicas = view.replicasOf(List.of(row.instance()));
    return Map.of("instance", managed(row, replicas, uri, clock.instant()));
  }

  private Map<String, Object> managed(
      ManagedInstanceRow managed, InstanceView.Replicas replicas, UriInfo uri, Instant now) {
    InstanceRow row = managed.instance();
    Map<String, Object> instance = view.detail(row, replicas, uri, now);
    InstanceView.addAdminFields(instance, row);
    Map<String, Object> server = null;
    if (row.serverId() != null) {
      server = new LinkedHashMap<>();
      server.put("id", row.serverId());
      server.put("name", row.name());
      server.put("status", row.serverStatus());
      server.put("host", row.host());
    }
    instance.put("server", server);
    instance.put("service_status", row.serviceStatus());
    instance.put("deleted", managed.deleted());
    instance.put("deleted_at", Times.format(managed.deletedAt()));
    instance.put("task_description", taskDescription(row));
    return instance;
  }

  /** Trove's descriptions of its tasks (trove/instance/tasks.py), ours where Trove has none. */
  private static final Map<InstanceTask, String> TASK_DESCRIPTIONS =
      new EnumMap<>(
          Map.ofEntries(
              Map.entry(InstanceTask.NONE, "No tasks for the instance."),
              Map.entry(InstanceTask.BUILDING, "The instance is building."),
              Map.entry(InstanceTask.DELETING, "Deleting the instance."),
              Map.entry(InstanceTask.BACKING_UP, "Backing up the instance."),
              Map.entry(InstanceTask.RESTARTING, "Rebooting the instance."),
              Map.entry(InstanceTask.RESIZING, "Resizing the instance."),
              Map.entry(InstanceTask.DETACHING, "Detaching the instance from replica source."),
              Map.entry(InstanceTask.PROMOTING, "Promoting the instance to replica source."),
              Map.entry(InstanceTask.EJECTING, "Ejecting the replica source."),
              Map.entry(InstanceTask.REJOINING, "Rejoining the replica set."),
              Map.entry(InstanceTask.MIGRATING, "Migrating the instance."),
              Map.entry(InstanceTask.BUILD_FAILED, "Build error: Server."),
              Map.entry(InstanceTask.DELETE_FAILED, "Delete error.")));

  private static String taskDescription(InstanceRow row) {
    return TASK_DESCRIPTIONS.getOrDefault(row.taskStatus(), row.taskStatus().name());
  }

  private static Boolean trueOrFalse(String value) {
    if ("true".equalsIgnoreCase(value)) {
      return true;
    }
    if ("false".equalsIgnoreCase(value)) {
      return false;
    }
    return null;
  }
}
