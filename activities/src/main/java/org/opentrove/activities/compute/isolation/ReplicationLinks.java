package org.opentrove.activities.compute.isolation;

import java.util.List;

/**
 * On the docker runtime, the one path a replica's container may open to another container: its
 * source's datastore port. Every other connection a container starts is dropped by the network's
 * own rules ({@code DOCKER-USER -i <bridge> -j DROP}); this rule goes first in {@code DOCKER-USER},
 * commented {@code opentrove-link:<replica id>}, by which it is replaced and removed.
 */
public final class ReplicationLinks {
  private ReplicationLinks() {}

  /** Lets {@code replicaIp} connect to {@code sourceIp:port} across {@code bridge}. */
  public static void open(
      String replicaId, String bridge, String replicaIp, String sourceIp, int port) {
    close(replicaId);
    BridgeRules.accept(
        bridge,
        replicaIp,
        sourceIp,
        List.of("-m", "tcp", "--dport", Integer.toString(port)),
        comment(replicaId));
  }

  /** Removes the replica's path; none is fine, and so is a host without the chain. */
  public static void close(String replicaId) {
    BridgeRules.remove(comment(replicaId));
  }

  private static String comment(String replicaId) {
    if (!replicaId.matches("[0-9a-fA-F-]{36}")) {
      throw new IllegalArgumentException("not an instance id: " + replicaId);
    }
    return "opentrove-link:" + replicaId;
  }
}
