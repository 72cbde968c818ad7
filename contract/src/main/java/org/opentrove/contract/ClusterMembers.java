package org.opentrove.contract;

import java.util.List;

/** Args of {@link GuestMethods#SET_CLUSTER_MEMBERS}: every member of the cluster now. */
public record ClusterMembers(List<ClusterNode> members) {
  public ClusterMembers {
    members = List.copyOf(members);
  }
}
