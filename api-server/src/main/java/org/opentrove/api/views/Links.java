package org.opentrove.api.views;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/** Trove's {@code links}: a versioned self link and an unversioned bookmark. */
public final class Links {
  private Links() {}

  public static List<Map<String, String>> of(
      UriInfo uri, String projectId, String resourcePath, Object id) {
    String base = uri.getBaseUri().toString();
    if (!base.endsWith("/")) {
      base = base + "/";
    }
    return List.of(
        Map.of("href", base + "v1.0/" + projectId + "/" + resourcePath + "/" + id, "rel", "self"),
        Map.of("href", base + resourcePath + "/" + id, "rel", "bookmark"));
  }
}
