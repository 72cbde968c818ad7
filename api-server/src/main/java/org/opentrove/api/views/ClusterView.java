package org.opentrove.api.views;

import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentrove.api.core.ClusterTasks;
import org.opentrove.api.core.InstanceStatus;
import org.opentrove.store.ClusterRow;
import org.opentrove.store.InstanceRow;

/**
 * Trove's cluster view: its members as {@code instances}, each with its status, flavor, volume and
 * address in the detailed view ({@code show}) only, as Trove's {@code load_servers}.
 */
public final class ClusterView {
  private final InstanceStatus statuses;

  public ClusterView(InstanceStatus statuses) {
    this.statuses = statuses;
  }

  public Map<String, Object> of(
      ClusterRow cluster, List<InstanceRow> members, boolean detailed, UriInfo uri, Instant now) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", cluster.id().toString());
    view.put("name", cluster.name());
    ClusterTasks task = ClusterTasks.of(cluster.task());
    Map<String, Object> taskView = new LinkedHashMap<>();
    taskView.put("id", task.code());
    taskView.put("name", task.troveName());
    taskView.put("description", task.description());
    view.put("task", taskView);
    view.put("created", Times.format(cluster.created()));
    view.put("updated", Times.format(cluster.updated()));
    view.put("links", Links.of(uri, cluster.projectId(), "clusters", cluster.id()));
    view.put(
        "datastore",
        Map.of("type", cluster.datastoreName(), "version", cluster.datastoreVersionName()));
    List<Map<String, Object>> instances = new ArrayList<>();
    List<Map<String, Object>> addresses = new ArrayList<>();
    for (InstanceRow member : members) {
      Map<String, Object> instance = new LinkedHashMap<>();
      instance.put("id", member.id().toString());
      instance.put("name", member.name());
      instance.put("type", "member");
      instance.put("links", Links.of(uri, member.projectId(), "instances", member.id()));
      if (detailed) {
        instance.put("status", statuses.status(member, now));
        instance.put("volume", Map.of("size", member.volumeSizeGb()));
        instance.put(
            "flavor",
            Map.of(
                "id",
                member.flavorId(),
                "links",
                Links.of(uri, member.projectId(), "flavors", member.flavorId())));
        if (member.host() != null) {
          Map<String, Object> address = Map.of("address", member.host(), "type", "private");
          instance.put("ip", List.of(address));
          instance.put("port", member.port());
          addresses.add(address);
        }
      }
      instances.add(instance);
    }
    view.put("instances", instances);
    if (!addresses.isEmpty()) {
      view.put("ip", addresses);
    }
    return view;
  }
}
