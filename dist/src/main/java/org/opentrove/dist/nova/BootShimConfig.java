package org.opentrove.dist.nova;

import java.util.ArrayList;
import java.util.List;
import org.opentrove.activities.openstack.OpenStackConfig;

/**
 * The boot shim: it plays the hypervisor for a loopback Nova whose fake virt driver runs nothing.
 * It needs the cloud's administrator (user data is an admin-only server attribute).
 */
public class BootShimConfig {
  public OpenStackConfig admin = new OpenStackConfig();

  /** Where each server's disk (the attached volume), settings, log and sockets live. */
  public String root = System.getProperty("java.io.tmpdir") + "/opentrove-nova-shim";

  /** The host's end of the servers' network: a bridge with the network's first address. */
  public String bridge = "otnova0";

  public String bridgeAddress = "198.51.100.1/24";

  /**
   * Ports of 127.0.0.1 a server reaches on its own loopback (its management network: the broker,
   * Keystone, Swift), each through a unix socket, so no host port is opened to the servers.
   */
  public List<Integer> forwardedPorts = new ArrayList<>();

  public String javaCommand = "";
  public String guestClasspath = "";
  public List<String> guestJvmOptions = List.of("-Xmx96m", "-XX:+UseSerialGC", "-Xss512k");
  public String pgBinDir = "";
  public double pollSeconds = 1;

  /** From scripts/openstack-aio's openstack.env, as ./trove dev sees it in its environment. */
  public static BootShimConfig fromEnvironment(
      java.util.Map<String, String> env, java.nio.file.Path root) {
    BootShimConfig config = new BootShimConfig();
    config.admin.authUrl = env.getOrDefault("OS_AUTH_URL", "");
    config.admin.user = env.getOrDefault("OPENSTACK_ADMIN_USER", "admin");
    config.admin.password = env.getOrDefault("OPENSTACK_ADMIN_PASSWORD", "");
    config.admin.project = env.getOrDefault("OPENSTACK_ADMIN_PROJECT", "admin");
    config.root = root.toString();
    for (String port : env.getOrDefault("TROVE_NOVA_SHIM_FORWARD_PORTS", "").split(",")) {
      if (!port.isBlank()) {
        config.forwardedPorts.add(Integer.parseInt(port.trim()));
      }
    }
    return config;
  }
}
