package org.opentrove.api.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.core.OperationControl;
import org.opentrove.api.errors.TroveError;
import org.opentrove.api.views.OperationView;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;

/**
 * {@code GET /v1.0/{project}/operations/{id}}: one operation. Operation ids are workflow ids and
 * contain a slash ({@code instance-create/<uuid>}), which the path accepts as is.
 */
@Path("/v1.0/{projectId}/operations")
@Produces(MediaType.APPLICATION_JSON)
public class OperationsResource {
  private final Jdbi jdbi;
  private final OperationView view;
  private final OperationControl control;

  public OperationsResource(Jdbi jdbi, OperationView view, OperationControl control) {
    this.jdbi = jdbi;
    this.view = view;
    this.control = control;
  }

  @GET
  @Path("/{id: .+}")
  public Map<String, Object> show(
      @PathParam("projectId") String projectId, @PathParam("id") String id) {
    OperationRow operation = find(projectId, id);
    return Map.of(
        "operation",
        view.of(operation, jdbi.withExtension(OperationDao.class, d -> d.listSteps(id))));
  }

  /** Runs a failed or cancelled operation again (202); refuses with a reason otherwise (422). */
  @POST
  @Path("/{id: .+}/retry")
  public Response retry(@PathParam("projectId") String projectId, @PathParam("id") String id) {
    control.retry(find(projectId, id));
    return Response.accepted().header(InstancesResource.OPERATION_HEADER, id).build();
  }

  /**
   * Cancels a running create (its saga removes what it had created) or any operation still waiting
   * for its time (202).
   */
  @POST
  @Path("/{id: .+}/cancel")
  public Response cancel(@PathParam("projectId") String projectId, @PathParam("id") String id) {
    control.cancel(find(projectId, id));
    return Response.accepted().header(InstancesResource.OPERATION_HEADER, id).build();
  }

  private OperationRow find(String projectId, String id) {
    return jdbi.withExtension(OperationDao.class, dao -> dao.find(id))
        .filter(op -> op.projectId().equals(projectId))
        .orElseThrow(() -> TroveError.notFound("Operation " + id + " could not be found."));
  }
}
