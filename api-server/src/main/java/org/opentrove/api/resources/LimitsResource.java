package org.opentrove.api.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentrove.api.limits.RateLimiter;
import org.opentrove.api.quota.QuotaUsage;
import org.opentrove.api.quota.Quotas;

/**
 * Trove's {@code GET /limits} ({@code openstack database limit list}): the project's absolute
 * limits (its quotas) first, then each rate limit with what is left of it.
 */
@Path("/v1.0/{projectId}/limits")
@Produces(MediaType.APPLICATION_JSON)
public class LimitsResource {
  private static final DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final Quotas quotas;
  private final RateLimiter limiter;
  private final Clock clock;

  public LimitsResource(Quotas quotas, RateLimiter limiter, Clock clock) {
    this.quotas = quotas;
    this.limiter = limiter;
    this.clock = clock;
  }

  @GET
  public Map<String, Object> list(@PathParam("projectId") String projectId) {
    List<Map<String, Object>> limits = new ArrayList<>();
    Map<String, Object> absolute = new LinkedHashMap<>();
    absolute.put("verb", "ABSOLUTE");
    for (QuotaUsage usage : quotas.usage(projectId)) {
      absolute.put("max_" + usage.resource().troveName(), usage.limit());
    }
    limits.add(absolute);
    Instant now = clock.instant();
    for (RateLimiter.RateLimitState state : limiter.statesOf(projectId)) {
      Map<String, Object> rate = new LinkedHashMap<>();
      Instant next =
          now.plusNanos((long) (state.secondsUntilAvailable() * 1e9))
              .truncatedTo(ChronoUnit.SECONDS);
      rate.put("nextAvailable", ISO_SECONDS.format(next));
      rate.put("remaining", state.remaining());
      rate.put("unit", state.unit());
      rate.put("value", state.value());
      rate.put("verb", state.verb());
      rate.put("uri", state.uri());
      rate.put("regex", state.regex());
      limits.add(rate);
    }
    return Map.of("limits", limits);
  }
}
