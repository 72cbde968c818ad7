package org.opentrove.api.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Optional;
import org.opentrove.api.core.BackupService;
import org.opentrove.api.core.InstanceService;
import org.opentrove.api.core.Page;
import org.opentrove.api.views.BackupView;
import org.opentrove.store.BackupRow;

/** Trove's {@code GET /instances/{id}/backups}. */
@Path("/v1.0/{projectId}/instances/{instanceId}/backups")
@Produces(MediaType.APPLICATION_JSON)
public class InstanceBackupsResource {
  private final InstanceService instances;
  private final BackupService backups;
  private final int pageSize;

  public InstanceBackupsResource(InstanceService instances, BackupService backups, int pageSize) {
    this.instances = instances;
    this.backups = backups;
    this.pageSize = pageSize;
  }

  @GET
  public Map<String, Object> list(
      @PathParam("projectId") String projectId,
      @PathParam("instanceId") String instanceId,
      @QueryParam("limit") String limit,
      @QueryParam("marker") String marker,
      @Context UriInfo uri) {
    var instance = instances.get(projectId, instanceId);
    Page<BackupRow> page =
        backups.page(projectId, Optional.of(instance.id()), limit, marker, pageSize);
    return page.body("backups", page.items().stream().map(BackupView::of).toList(), uri);
  }
}
