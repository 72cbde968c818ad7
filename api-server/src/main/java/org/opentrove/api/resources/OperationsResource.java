package org.opentrove.api.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
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

  public OperationsResource(Jdbi jdbi, OperationView view) {
    this.jdbi = jdbi;
    this.view = view;
  }

  @GET
  @Path("/{id: .+}")
  public Map<String, Object> show(
      @PathParam("projectId") String projectId, @PathParam("id") String id) {
    return jdbi.withExtension(
        OperationDao.class,
        dao -> {
          OperationRow operation =
              dao.find(id)
                  .filter(op -> op.projectId().equals(projectId))
                  .orElseThrow(
                      () -> TroveError.notFound("Operation " + id + " could not be found."));
          return Map.of("operation", view.of(operation, dao.listSteps(operation.id())));
        });
  }
}
