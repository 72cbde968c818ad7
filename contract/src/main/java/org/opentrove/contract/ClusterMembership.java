package org.opentrove.contract;

import java.util.List;

/**
 * A cluster member's place: the cluster it belongs to, every member it knows (itself included, as
 * each reaches the others), and whether it starts the cluster ({@code bootstrap}, the first member
 * only) or joins the members already running, receiving their data by state transfer.
 */
public record ClusterMembership(
    String clusterId, String memberId, List<ClusterNode> members, boolean bootstrap) {

  public ClusterMembership {
    members = List.copyOf(members);
  }

  /** This member's own entry. */
  public ClusterNode self() {
    return members.stream()
        .filter(node -> node.memberId().equals(memberId))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(memberId + " is not among the members"));
  }
}
