package org.opentrove.api.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.glassfish.jersey.uri.UriComponent;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.core.Uuids;
import org.opentrove.store.BackupDao;
import org.opentrove.store.BackupRow;
import org.opentrove.store.ClusterDao;
import org.opentrove.store.ClusterRow;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.InstanceRow;

/**
 * Trove's administrators reach any project's instance, backup or cluster by its id from their own
 * project ({@code /v1.0/{own}/instances/{id}...}): an administrator's request for a resource of
 * another project is served as if it had been sent to its owner's project, so everything behind it
 * (quotas, operations, the resource's children) is that project's. Anyone else's stays a 404.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 2)
public class AdminReach implements ContainerRequestFilter {
  private final Jdbi jdbi;

  public AdminReach(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!Caller.of(request).admin()) {
      return;
    }
    List<String> segments =
        request.getUriInfo().getPathSegments().stream().map(s -> s.getPath()).toList();
    if (segments.size() < 4 || !segments.get(0).equals("v1.0")) {
      return;
    }
    String project = segments.get(1);
    Optional<String> owner = owner(segments.get(2), segments.get(3));
    if (owner.isEmpty() || owner.get().equals(project)) {
      return;
    }
    URI requested = request.getUriInfo().getRequestUri();
    String ownProject = "/v1.0/" + request.getUriInfo().getPathSegments(false).get(1).getPath();
    String path = requested.getRawPath();
    int at = path.indexOf(ownProject + "/");
    if (at < 0) {
      return;
    }
    String ownersPath =
        path.substring(0, at)
            + "/v1.0/"
            + UriComponent.encode(owner.get(), UriComponent.Type.PATH_SEGMENT)
            + path.substring(at + ownProject.length());
    request.setRequestUri(
        request.getUriInfo().getBaseUri(),
        UriBuilder.fromUri(requested).replacePath(ownersPath).build());
  }

  private Optional<String> owner(String collection, String id) {
    return Uuids.parse(id).flatMap(uuid -> ownerOf(collection, uuid));
  }

  private Optional<String> ownerOf(String collection, UUID uuid) {
    return switch (collection) {
      case "instances" ->
          jdbi.withExtension(InstanceDao.class, dao -> dao.findLive(uuid))
              .map(InstanceRow::projectId);
      case "backups" ->
          jdbi.withExtension(BackupDao.class, dao -> dao.find(uuid)).map(BackupRow::projectId);
      case "clusters" ->
          jdbi.withExtension(ClusterDao.class, dao -> dao.find(uuid)).map(ClusterRow::projectId);
      default -> Optional.empty();
    };
  }
}
