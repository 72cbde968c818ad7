package org.opentrove.activities.compute.isolation;

import java.util.ArrayList;
import java.util.List;

/**
 * Paths between two containers on the project's bridge: ACCEPTs placed first in {@code
 * DOCKER-USER}, ahead of the network's own drop, each with a comment by which it is removed.
 */
final class BridgeRules {
  static final String CHAIN = "DOCKER-USER";

  private BridgeRules() {}

  /** Lets {@code fromIp} open TCP connections to {@code toIp} on the ports {@code portMatch}. */
  static void accept(
      String bridge, String fromIp, String toIp, List<String> portMatch, String comment) {
    List<String> rule =
        new ArrayList<>(
            List.of(
                "iptables",
                "-w",
                "-I",
                CHAIN,
                "1",
                "-i",
                bridge,
                "-o",
                bridge,
                "-s",
                fromIp + "/32",
                "-d",
                toIp + "/32",
                "-p",
                "tcp"));
    rule.addAll(portMatch);
    rule.addAll(List.of("-m", "comment", "--comment", comment, "-j", "ACCEPT"));
    HostCommand.checked(rule);
  }

  /** Removes every rule with {@code comment}; none is fine, and so is a host without the chain. */
  static void remove(String comment) {
    CommentedRules.remove("iptables", CHAIN, comment);
  }
}
