package org.opentrove.api.limits;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.opentrove.api.auth.ProjectPath;

/**
 * Trove's rate limiting: an authenticated request is counted against its project's limits before
 * anything else is done for it (before an administrator's request is moved to another project's
 * resource, so an administrator spends its own project's allowance).
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION + 1)
public class RateLimitFilter implements ContainerRequestFilter {
  private final RateLimiter limiter;
  private final int overLimitStatus;

  public RateLimitFilter(RateLimiter limiter, int overLimitStatus) {
    this.limiter = limiter;
    this.overLimitStatus = overLimitStatus;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Optional<String> project = ProjectPath.of(request);
    if (project.isEmpty()) {
      return;
    }
    String path = pathAfterProject(request.getUriInfo().getPath(), project.get());
    limiter
        .take(project.get(), request.getMethod(), path)
        .ifPresent(refusal -> request.abortWith(refused(refusal)));
  }

  private Response refused(RateLimiter.Refusal refusal) {
    long retryAfter = (long) Math.ceil(refusal.retryAfterSeconds());
    Map<String, Object> fault = new LinkedHashMap<>();
    fault.put("code", overLimitStatus);
    fault.put("message", "This request was rate-limited.");
    fault.put("details", refusal.details());
    fault.put("retryAfter", Long.toString(retryAfter));
    return Response.status(overLimitStatus)
        .header("Retry-After", Long.toString(retryAfter))
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Map.of("overLimit", fault))
        .build();
  }

  /** {@code v1.0/p1/instances/x} → {@code /instances/x}. */
  private static String pathAfterProject(String path, String project) {
    String prefix = "v1.0/" + project;
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    return trimmed.startsWith(prefix) ? trimmed.substring(prefix.length()) : "/" + trimmed;
  }
}
