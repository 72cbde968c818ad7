package org.opentrove.activities.compute.isolation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per-uid egress rules: an instance's datastore only answers connections, so every new connection
 * its OS user opens (to the control plane's PostgreSQL, broker, Temporal, admin port, another
 * instance, anywhere) is rejected, over IPv4 and IPv6. The rules live in their own chain, {@value
 * #CHAIN}, jumped to from {@code OUTPUT}; each carries the comment {@code opentrove:<instance id>},
 * by which it is removed. Replies on connections others opened to the datastore pass.
 */
public final class EgressRules {
  public static final String CHAIN = "OPENTROVE-EGRESS";
  private static final List<String> TOOLS = List.of("iptables", "ip6tables");

  private EgressRules() {}

  /** Empty if rules can be installed here, else why not. */
  public static Optional<String> unavailableBecause() {
    for (String tool : TOOLS) {
      HostCommand.Result probe = HostCommand.run(List.of(tool, "-w", "-S", "OUTPUT"));
      if (!probe.ok()) {
        return Optional.of(tool + " cannot be used (" + probe.output() + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * Installs the instance's rules for {@code uid}, replacing any it had; a replica may also open
   * connections to its source's port on 127.0.0.1, a cluster member to the other members' cluster
   * ports there ({@code allowedPorts}), and nowhere else.
   */
  public static void install(String instanceId, int uid, List<Integer> allowedPorts) {
    for (String tool : TOOLS) {
      ensureChain(tool);
      removeFrom(tool, instanceId);
      appendForUid(
          tool,
          instanceId,
          uid,
          List.of("-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED"),
          "RETURN");
      for (int port : tool.equals("iptables") ? allowedPorts : List.<Integer>of()) {
        appendForUid(
            tool,
            instanceId,
            uid,
            List.of(
                "-d", "127.0.0.1/32", "-p", "tcp", "-m", "tcp", "--dport", Integer.toString(port)),
            "RETURN");
      }
      appendForUid(tool, instanceId, uid, List.of(), "REJECT");
    }
  }

  /** Appends to the chain a rule for {@code uid}'s packets that also match {@code match}. */
  private static void appendForUid(
      String tool, String instanceId, int uid, List<String> match, String target) {
    List<String> rule =
        new ArrayList<>(List.of("-A", CHAIN, "-m", "owner", "--uid-owner", Integer.toString(uid)));
    rule.addAll(match);
    rule.addAll(List.of("-m", "comment", "--comment", comment(instanceId), "-j", target));
    HostCommand.checked(command(tool, rule.toArray(String[]::new)));
  }

  /** Removes every rule of the instance; none is fine, and so is a host without the chain. */
  public static void remove(String instanceId) {
    for (String tool : TOOLS) {
      removeFrom(tool, instanceId);
    }
  }

  /** The instance's rules as {@code iptables -S} prints them (IPv4 then IPv6). */
  public static List<String> listed(String instanceId) {
    List<String> rules = new ArrayList<>();
    for (String tool : TOOLS) {
      rules.addAll(rulesOf(tool, instanceId));
    }
    return rules;
  }

  private static void ensureChain(String tool) {
    if (!HostCommand.run(List.of(tool, "-w", "-S", CHAIN)).ok()) {
      HostCommand.Result created = HostCommand.run(List.of(tool, "-w", "-N", CHAIN));
      if (!created.ok() && !HostCommand.run(List.of(tool, "-w", "-S", CHAIN)).ok()) {
        throw new IllegalStateException(tool + " -N " + CHAIN + ": " + created.output());
      }
    }
    if (!HostCommand.run(List.of(tool, "-w", "-C", "OUTPUT", "-j", CHAIN)).ok()) {
      HostCommand.checked(List.of(tool, "-w", "-I", "OUTPUT", "1", "-j", CHAIN));
    }
  }

  private static void removeFrom(String tool, String instanceId) {
    CommentedRules.remove(tool, CHAIN, comment(instanceId));
  }

  private static List<String> rulesOf(String tool, String instanceId) {
    return CommentedRules.list(tool, CHAIN, comment(instanceId));
  }

  private static String comment(String instanceId) {
    if (!instanceId.matches("[0-9a-fA-F-]{36}")) {
      throw new IllegalArgumentException("not an instance id: " + instanceId);
    }
    return "opentrove:" + instanceId;
  }

  private static List<String> command(String tool, String... args) {
    List<String> command = new ArrayList<>(List.of(tool, "-w"));
    command.addAll(List.of(args));
    return command;
  }
}
