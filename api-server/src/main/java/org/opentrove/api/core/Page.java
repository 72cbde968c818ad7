package org.opentrove.api.core;

import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page of a list and the marker of the next, shaped as Trove's {@code SimplePaginatedDataView}:
 * {@code {"<collection>": [...]}}, with {@code "links": [{"rel": "next", "href": ...}]} only when
 * there is a next page, its href this request's URL with the next {@code marker}.
 */
public record Page<T>(List<T> items, String nextMarker) {
  public Map<String, Object> body(String collection, List<?> shown, UriInfo uri) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(collection, shown);
    if (nextMarker != null) {
      String next =
          uri.getRequestUriBuilder().replaceQueryParam("marker", nextMarker).build().toString();
      body.put("links", List.of(Map.of("rel", "next", "href", next)));
    }
    return body;
  }

  /**
   * Trove's {@code limit} query parameter: absent, empty or not above 0 is the page size. A limit
   * that is not a number is a 400 here (Trove's answer is a 500).
   */
  public static int limit(String requested, int pageSize, boolean capped) {
    if (requested == null || requested.isBlank()) {
      return pageSize;
    }
    int limit;
    try {
      limit = Integer.parseInt(requested.strip());
    } catch (NumberFormatException e) {
      throw org.opentrove.api.errors.TroveError.badRequest(
          "'limit' must be a whole number: " + requested);
    }
    if (limit <= 0) {
      return pageSize;
    }
    return capped ? Math.min(limit, pageSize) : limit;
  }
}
