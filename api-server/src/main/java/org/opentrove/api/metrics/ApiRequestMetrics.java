package org.opentrove.api.metrics;

import com.codahale.metrics.MetricRegistry;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * API latency by route and status: every request is timed from before authentication to its answer,
 * as {@code opentrove.api.requests.<method>.<route>.<status>}, where the route is the matched
 * template after {@code /v1.0/{projectId}} ({@code unmatched} for a request refused before it
 * reached a resource).
 */
@PreMatching
@Priority(1)
public class ApiRequestMetrics implements ContainerRequestFilter, ContainerResponseFilter {
  private static final String STARTED = "org.opentrove.api.started";
  private static final String PROJECT_PREFIX = "/v1.0/{projectId}";
  private static final java.util.Set<String> KNOWN_METHODS =
      java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final MetricRegistry metrics;

  public ApiRequestMetrics(MetricRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(STARTED, System.nanoTime());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object started = request.getProperty(STARTED);
    if (!(started instanceof Long startNanos)) {
      return;
    }
    String name =
        MetricRegistry.name(
            "opentrove.api.requests",
            method(request.getMethod()),
            route(request),
            Integer.toString(response.getStatus()));
    metrics.timer(name).update(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  /** Any method can be sent; only HTTP's own get a series each, so no client can add series. */
  private static String method(String method) {
    return KNOWN_METHODS.contains(method) ? method : "OTHER";
  }

  private static String route(ContainerRequestContext request) {
    if (!(request.getUriInfo() instanceof ExtendedUriInfo info)) {
      return "unmatched";
    }
    List<UriTemplate> templates = info.getMatchedTemplates();
    if (templates.isEmpty()) {
      return "unmatched";
    }
    StringBuilder path = new StringBuilder();
    for (int i = templates.size() - 1; i >= 0; i--) {
      String part = templates.get(i).getTemplate();
      if (!part.startsWith("/") && path.length() > 0 && path.charAt(path.length() - 1) != '/') {
        path.append('/');
      }
      path.append(part);
    }
    String route = path.toString();
    if (route.startsWith(PROJECT_PREFIX)) {
      route = route.substring(PROJECT_PREFIX.length());
    }
    // metric names are dotted: a dot in a route would split it
    return route.isEmpty() ? "/" : route.replace('.', '_');
  }
}
