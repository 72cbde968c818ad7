package org.opentrove.api.auth;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Optional;

/** The project a request names: {@code /v1.0/{project_id}/...}; none for the versions document. */
public final class ProjectPath {
  private ProjectPath() {}

  public static Optional<String> of(ContainerRequestContext request) {
    List<String> segments =
        request.getUriInfo().getPathSegments().stream()
            .map(s -> s.getPath())
            .filter(s -> !s.isEmpty())
            .toList();
    if (segments.size() < 2 || !segments.get(0).equals("v1.0")) {
      return Optional.empty();
    }
    return Optional.of(segments.get(1));
  }
}
