package org.opentrove.temporal.api;

import java.util.List;
import java.util.UUID;

/**
 * Where a new cluster member goes: its cluster, and the members it joins (those already running,
 * then itself last). The first member, alone, bootstraps the cluster.
 */
public record ClusterPlacement(UUID clusterId, List<UUID> members) {
  public ClusterPlacement {
    members = List.copyOf(members);
  }

  public boolean bootstraps() {
    return members.size() == 1;
  }
}
