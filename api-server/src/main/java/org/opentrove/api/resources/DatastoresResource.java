package org.opentrove.api.resources;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.auth.Caller;
import org.opentrove.api.core.DatastoreVersionAdmin;
import org.opentrove.api.core.Uuids;
import org.opentrove.api.core.VersionNotFound;
import org.opentrove.api.core.VolumeTypes;
import org.opentrove.api.errors.TroveError;
import org.opentrove.api.views.DatastoreView;
import org.opentrove.api.views.FlavorView;
import org.opentrove.api.views.VolumeTypeView;
import org.opentrove.store.DatastoreDao;
import org.opentrove.store.DatastoreRow;
import org.opentrove.store.DatastoreVersionRow;
import org.opentrove.store.FlavorDao;

@Path("/v1.0/{projectId}/datastores")
@Produces(MediaType.APPLICATION_JSON)
public class DatastoresResource {
  private final Jdbi jdbi;
  private final DatastoreVersionAdmin admin;
  private final VolumeTypes volumeTypes;

  public DatastoresResource(Jdbi jdbi, DatastoreVersionAdmin admin, VolumeTypes volumeTypes) {
    this.jdbi = jdbi;
    this.admin = admin;
    this.volumeTypes = volumeTypes;
  }

  /**
   * Trove's flavors of a datastore version: every flavor, as Trove answers while no flavor is bound
   * to the version (we bind none). Trove does not look the version up here either.
   */
  @GET
  @Path("/{datastore}/versions/{version}/flavors")
  public Map<String, Object> flavors(
      @PathParam("projectId") String projectId, @Context UriInfo uri) {
    return Map.of(
        "flavors",
        jdbi.withExtension(FlavorDao.class, FlavorDao::list).stream()
            .map(f -> FlavorView.of(f, uri, projectId))
            .toList());
  }

  /**
   * Trove's volume types of a datastore version: every type the volume service has, as Trove
   * answers while the version is bound to none. Trove does not look the version up here either.
   */
  @GET
  @Path("/{datastore}/versions/{version}/volume-types")
  public Map<String, Object> volumeTypes() {
    return Map.of("volume_types", volumeTypes.list().stream().map(VolumeTypeView::of).toList());
  }

  /** Trove's datastore delete: an administrator's (policy {@code datastore:delete}). */
  @DELETE
  @Path("/{datastore}")
  public Response delete(
      @PathParam("datastore") String ref, @Context ContainerRequestContext request) {
    if (!Caller.of(request).admin()) {
      throw TroveError.forbidden("Policy doesn't allow datastore:delete to be performed.");
    }
    admin.deleteDatastore(ref);
    return Response.accepted().build();
  }

  @GET
  public Map<String, Object> list(@PathParam("projectId") String projectId, @Context UriInfo uri) {
    return jdbi.withExtension(
        DatastoreDao.class,
        dao -> {
          List<DatastoreVersionRow> versions = dao.listActiveVersions();
          return Map.of(
              "datastores",
              dao.list().stream()
                  .map(
                      d ->
                          DatastoreView.of(
                              d,
                              versions.stream()
                                  .filter(v -> v.datastoreId().equals(d.id()))
                                  .toList(),
                              uri,
                              projectId))
                  .toList());
        });
  }

  @GET
  @Path("/{datastore}")
  public Map<String, Object> show(
      @PathParam("projectId") String projectId,
      @PathParam("datastore") String ref,
      @Context UriInfo uri) {
    DatastoreRow datastore = datastore(ref);
    List<DatastoreVersionRow> versions =
        jdbi.withExtension(DatastoreDao.class, dao -> dao.listVersions(datastore.id()));
    return Map.of("datastore", DatastoreView.of(datastore, versions, uri, projectId));
  }

  @GET
  @Path("/{datastore}/versions")
  public Map<String, Object> versions(
      @PathParam("projectId") String projectId,
      @PathParam("datastore") String ref,
      @Context UriInfo uri) {
    DatastoreRow datastore = datastore(ref);
    return Map.of(
        "versions",
        jdbi.withExtension(DatastoreDao.class, dao -> dao.listVersions(datastore.id())).stream()
            .map(v -> DatastoreView.version(v, uri, projectId, true))
            .toList());
  }

  /** Trove's version show: inactive versions too; one not found as {@link VersionNotFound}. */
  @GET
  @Path("/{datastore}/versions/{version}")
  public Map<String, Object> version(
      @PathParam("projectId") String projectId,
      @PathParam("datastore") String ref,
      @PathParam("version") String versionRef,
      @Context UriInfo uri) {
    DatastoreRow datastore = datastore(ref);
    DatastoreVersionRow version =
        jdbi.withExtension(
                DatastoreDao.class, dao -> dao.findVersionInAnyState(datastore.id(), versionRef))
            .orElseThrow(() -> VersionNotFound.of(versionRef));
    return Map.of("version", DatastoreView.version(version, uri, projectId, true));
  }

  /** Trove's version show by id: one it does not find is its 400 ({@code load_by_uuid}). */
  @GET
  @Path("/versions/{uuid}")
  public Map<String, Object> versionById(
      @PathParam("projectId") String projectId,
      @PathParam("uuid") String id,
      @Context UriInfo uri) {
    DatastoreVersionRow version =
        Uuids.parse(id)
            .flatMap(
                uuid ->
                    jdbi.withExtension(DatastoreDao.class, dao -> dao.findLiveVersionById(uuid)))
            .orElseThrow(
                () -> TroveError.badRequest("Datastore version '" + id + "' cannot be found."));
    return Map.of("version", DatastoreView.version(version, uri, projectId, true));
  }

  private DatastoreRow datastore(String ref) {
    return jdbi.withExtension(DatastoreDao.class, dao -> dao.find(ref))
        .orElseThrow(() -> TroveError.notFound("Datastore '" + ref + "' cannot be found."));
  }
}
