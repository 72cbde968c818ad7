package org.opentrove.api.views;

import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.core.InstanceStatus;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.InstanceRow;

/**
 * Trove's instance views. Besides Trove's fields, {@code port} tells where the datastore listens
 * (Trove assumes the engine's default port; every local instance has its own).
 */
public final class InstanceView {
  private static final String REGION = "RegionOne";

  private final InstanceStatus statuses;
  private final Jdbi jdbi;

  public InstanceView(InstanceStatus statuses, Jdbi jdbi) {
    this.statuses = statuses;
    this.jdbi = jdbi;
  }

  /** The live replicas of some instances, read once for a whole list. */
  public record Replicas(Map<UUID, List<UUID>> bySource) {
    List<UUID> of(UUID source) {
      return bySource.getOrDefault(source, List.of());
    }
  }

  public Replicas replicasOf(List<InstanceRow> rows) {
    if (rows.isEmpty()) {
      return new Replicas(Map.of());
    }
    Map<UUID, List<UUID>> bySource = new LinkedHashMap<>();
    jdbi.withExtension(
            InstanceDao.class,
            dao -> dao.liveReplicasOfAny(rows.stream().map(InstanceRow::id).toList()))
        .forEach(
            pair ->
                bySource
                    .computeIfAbsent(pair.source(), k -> new ArrayList<>())
                    .add(pair.replica()));
    return new Replicas(bySource);
  }

  public Map<String, Object> summary(InstanceRow row, UriInfo uri, Instant now) {
    return summary(row, replicasOf(List.of(row)), uri, now);
  }

  public Map<String, Object> detail(InstanceRow row, UriInfo uri, Instant now) {
    return detail(row, replicasOf(List.of(row)), uri, now);
  }

  /**
   * Trove's view, with {@code replica_of} on a replica and {@code replicas} on a source (both in
   * the list view too, as Trove's).
   */
  public Map<String, Object> summary(InstanceRow row, Replicas replicas, UriInfo uri, Instant now) {
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
    if (row.replicaOf() != null) {
      view.put("replica_of", reference(uri, row.projectId(), row.replicaOf()));
    }
    List<UUID> ofThis = replicas.of(row.id());
    if (!ofThis.isEmpty()) {
      view.put("replicas", ofThis.stream().map(id -> reference(uri, row.projectId(), id)).toList());
    }
    return view;
  }

  private static Map<String, Object> reference(UriInfo uri, String projectId, UUID id) {
    return Map.of("id", id.toString(), "links", Links.of(uri, projectId, "instances", id));
  }

  /** What Trove's detail view adds for an administrator: the project and the server. */
  public static void addAdminFields(Map<String, Object> detail, InstanceRow row) {
    detail.put("tenant_id", row.projectId());
    detail.put("server_id", row.serverId());
  }

  public Map<String, Object> detail(InstanceRow row, Replicas replicas, UriInfo uri, Instant now) {
    Map<String, Object> view = summary(row, replicas, uri, now);
    view.put("created", Times.format(row.created()));
    view.put("updated", Times.format(row.updated()));
    view.put("service_status_updated", Times.format(row.serviceStatusUpdated()));
    @SuppressWarnings("unchecked")
    Map<String, Object> datastore = (Map<String, Object>) view.get("datastore");
    datastore.put("version_number", row.datastoreVersionNumber());
    if (row.maintenanceWindow() != null) {
      view.put("maintenance_window", row.maintenanceWindow());
    }
    if (row.autoFailover()) {
      view.put("auto_failover", true);
    }
    if (row.clusterId() != null) {
      view.put("cluster_id", row.clusterId().toString());
    }
    if (row.faultMessage() != null) {
      Map<String, Object> fault = new LinkedHashMap<>();
      fault.put("message", row.faultMessage());
      fault.put("created", Times.format(row.faultCreated()));
      fault.put("details", row.faultDetails());
      view.put("fault", fault);
    }
    if (row.locality() != null) {
      view.put("locality", row.locality());
    }
    if (row.volumeUsedBytes() != null) { // Trove's volume_used: GB, two decimals
      @SuppressWarnings("unchecked")
      Map<String, Object> volume = (Map<String, Object>) view.get("volume");
      volume.put("used", Math.round(row.volumeUsedBytes() * 100.0 / (1L << 30)) / 100.0);
    }
    return view;
  }
}
