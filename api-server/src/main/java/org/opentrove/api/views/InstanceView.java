package org.opentrove.api.views;

import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentrove.api.core.InstanceStatus;
import org.opentrove.store.InstanceRow;

/**
 * Trove's instance views. Besides Trove's fields, {@code port} tells where the datastore listens
 * (Trove assumes the engine's default port; every local instance has its own).
 */
public final class InstanceView {
  private static final String REGION = "RegionOne";

  private final InstanceStatus statuses;

  public InstanceView(InstanceStatus statuses) {
    this.statuses = statuses;
  }

  public Map<String, Object> summary(InstanceRow row, UriInfo uri, Instant now) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", row.id().toString());
    view.put("name", row.name());
    view.put("status", statuses.status(row, now));
    view.put("operating_status", statuses.operatingStatus(row, now));
    view.put("links", Links.of(uri, row.projectId(), "instances", row.id()));
    view.put(
        "flavor",
        Map.of(
            "id",
            row.flavorId(),
            "links",
            Links.of(uri, row.projectId(), "flavors", row.flavorId())));
    Map<String, Object> datastore = new LinkedHashMap<>();
    datastore.put("type", row.datastoreName());
    datastore.put("version", row.datastoreVersionName());
    view.put("datastore", datastore);
    view.put("region", REGION);
    view.put("volume", new LinkedHashMap<>(Map.of("size", row.volumeSizeGb())));
    if (row.host() != null) {
      view.put("ip", List.of(row.host()));
      view.put("addresses", List.of(Map.of("address", row.host(), "type", "private")));
      view.put("access", Map.of("is_public", false));
      view.put("port", row.port());
    } else {
      view.put("access", Map.of());
    }
    return view;
  }

  public Map<String, Object> detail(InstanceRow row, UriInfo uri, Instant now) {
    Map<String, Object> view = summary(row, uri, now);
    view.put("created", Times.format(row.created()));
    view.put("updated", Times.format(row.updated()));
    view.put("service_status_updated", Times.format(row.serviceStatusUpdated()));
    @SuppressWarnings("unchecked")
    Map<String, Object> datastore = (Map<String, Object>) view.get("datastore");
    datastore.put("version_number", row.datastoreVersionNumber());
    if (row.maintenanceWindow() != null) {
      view.put("maintenance_window", row.maintenanceWindow());
    }
    if (row.faultMessage() != null) {
      Map<String, Object> fault = new LinkedHashMap<>();
      fault.put("message", row.faultMessage());
      fault.put("created", Times.format(row.faultCreated()));
      fault.put("details", row.faultDetails());
      view.put("fault", fault);
    }
    return view;
  }
}
