package org.opentrove.activities.compute.isolation;

import java.util.List;

/**
 * On the docker runtime, the paths a cluster member's container may open to the other members'
 * containers: their group communication, incremental and full state transfer ports, nothing else.
 * Every other connection a container starts is dropped by the network's own rules; these go first
 * in {@code DOCKER-USER}, commented {@code opentrove-cluster:<member id>}, by which they are
 * replaced and removed.
 */
public final class ClusterLinks {
  /** Galera's group communication, incremental and full state transfer ports. */
  public static final int GROUP_PORT = 4567;

  public static final int IST_PORT = 4568;
  public static final int SST_PORT = 4444;

  private ClusterLinks() {}

  /** Lets {@code memberIp} reach exactly {@code peerIps}' cluster ports across {@code bridge}. */
  public static void open(String memberId, String bridge, String memberIp, List<String> peerIps) {
    close(memberId);
    for (String peerIp : peerIps) {
      BridgeRules.accept(
          bridge,
          memberIp,
          peerIp,
          List.of("-m", "multiport", "--dports", GROUP_PORT + "," + IST_PORT + "," + SST_PORT),
          comment(memberId));
    }
  }

  /** Removes the member's paths; none is fine, and so is a host without the chain. */
  public static void close(String memberId) {
    BridgeRules.remove(comment(memberId));
  }

  private static String comment(String memberId) {
    if (!memberId.matches("[0-9a-fA-F-]{36}")) {
      throw new IllegalArgumentException("not an instance id: " + memberId);
    }
    return "opentrove-cluster:" + memberId;
  }
}
