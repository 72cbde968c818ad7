package org.opentrove.api.views;

import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.opentrove.store.FlavorRow;

public final class FlavorView {
  private FlavorView() {}

  public static Map<String, Object> of(FlavorRow flavor, UriInfo uri, String projectId) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", numericIdOrNull(flavor.id()));
    view.put("links", Links.of(uri, projectId, "flavors", flavor.id()));
    view.put("name", flavor.name());
    view.put("ram", flavor.ramMb());
    view.put("vcpus", flavor.vcpus());
    view.put("disk", flavor.diskGb());
    view.put("ephemeral", flavor.ephemeralGb());
    view.put("str_id", flavor.id());
    return view;
  }

  /** Trove shows {@code id} only when it is a plain integer; {@code str_id} always. */
  private static Integer numericIdOrNull(String id) {
    if (id.matches("[1-9][0-9]{0,8}")) {
      return Integer.valueOf(id);
    }
    return null;
  }
}
