package org.opentrove.api.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Optional;
import org.opentrove.api.core.BackupService;
import org.opentrove.api.core.InstanceService;
import org.opentrove.api.views.BackupView;

/** Trove's {@code GET /instances/{id}/backups}. */
@Path("/v1.0/{projectId}/instances/{instanceId}/backups")
@Produces(MediaType.APPLICATION_JSON)
public class InstanceBackupsResource {
  private final InstanceService instances;
  private final BackupService backups;

  public InstanceBackupsResource(InstanceService instances, BackupService backups) {
    this.instances = instances;
    this.backups = backups;
  }

  @GET
  public Map<String, Object> list(
      @PathParam("projectId") String projectId, @PathParam("instanceId") String instanceId) {
    var instance = instances.get(projectId, instanceId);
    return Map.of(
        "backups",
        backups.list(projectId, Optional.of(instance.id())).stream().map(BackupView::of).toList());
  }
}
