package org.opentrove.dist.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.openstack.OSFactory;
import org.opentrove.activities.compute.nova.NovaComputeConfig;
import org.opentrove.dist.nova.BootShimConfig;
import org.opentrove.objects.ObjectStoreConfig;

/**
 * A real OpenStack on loopback (Keystone, Nova with the fake virt driver, Cinder, Neutron, Glance,
 * Placement, Swift), started and stopped by the project's own script. It takes about 100 s to come
 * up and 2.4 GiB of memory: one per test run ({@link SharedCloud}).
 */
final class OpenStackAio implements AutoCloseable {
  private final Path workdir;
  private final Map<String, String> env;

  private OpenStackAio(Path workdir, Map<String, String> env) {
    this.workdir = workdir;
    this.env = env;
  }

  static OpenStackAio up() throws Exception {
    Path workdir = Files.createTempDirectory("trove-openstack-");
    String output = AioScripts.run("openstack-aio", "up", workdir);
    System.out.println("openstack-aio up: " + output.strip());
    Map<String, String> env = new java.util.HashMap<>();
    env.putAll(AioScripts.readEnv(workdir.resolve("swift.env")));
    env.putAll(AioScripts.readEnv(workdir.resolve("openstack.env")));
    return new OpenStackAio(workdir, env);
  }

  String get(String key) {
    return env.get(key);
  }

  /**
   * The Nova driver's settings, as openstack.env gives them to ./trove dev, under an owner of their
   * own: control planes sharing this cloud never take each other's servers for orphans.
   */
  NovaComputeConfig novaConfig() {
    NovaComputeConfig config = new NovaComputeConfig();
    config.owner = "opentrove-test-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    config.openstack.authUrl = env.get("TROVE_NOVA_AUTH_URL");
    config.openstack.user = env.get("TROVE_NOVA_USER");
    config.openstack.password = env.get("TROVE_NOVA_PASSWORD");
    config.openstack.project = env.get("TROVE_NOVA_PROJECT");
    config.openstack.domain = env.get("TROVE_NOVA_DOMAIN");
    config.openstack.region = env.get("TROVE_NOVA_REGION");
    config.networkId = env.get("TROVE_NOVA_NETWORK_ID");
    config.volumeType = env.get("TROVE_NOVA_VOLUME_TYPE");
    config.bootTimeoutSeconds = 120;
    config.deleteTimeoutSeconds = 120;
    config.volumeTimeoutSeconds = 120;
    config.heartbeatIntervalSeconds = 0.5; // the system tests' API expires heartbeats after 5 s
    return config;
  }

  /** The API's Keystone settings: tokens validated as the cloud's {@code trove} service user. */
  org.opentrove.api.auth.KeystoneConfig keystoneConfig() {
    org.opentrove.api.auth.KeystoneConfig config = new org.opentrove.api.auth.KeystoneConfig();
    config.authUrl = env.get("OS_AUTH_URL");
    config.user = env.get("TROVE_NOVA_USER");
    config.password = env.get("TROVE_NOVA_PASSWORD");
    config.project = env.get("TROVE_NOVA_PROJECT");
    return config;
  }

  /** The boot shim's settings: the cloud's administrator, Swift's proxy forwarded to servers. */
  BootShimConfig shimConfig(Path root) {
    BootShimConfig config = new BootShimConfig();
    config.admin.authUrl = env.get("OS_AUTH_URL");
    config.admin.user = env.get("OPENSTACK_ADMIN_USER");
    config.admin.password = env.get("OPENSTACK_ADMIN_PASSWORD");
    config.admin.project = env.get("OPENSTACK_ADMIN_PROJECT");
    config.root = root.toString();
    config.guestClasspath = GuestClasspath.jarsOnly();
    config.forwardedPorts = List.of(Integer.parseInt(env.get("SWIFT_KEYSTONE_PROXY_PORT")));
    return config;
  }

  /** Backups into this cloud's Swift through Keystone, as its demo project's user. */
  ObjectStoreConfig swiftStore(String container) {
    return SwiftAio.keystoneStore(env, container);
  }

  /** The cloud's administrator, to look at what the driver left and to change quotas. */
  OSClientV3 admin() {
    OSClientV3 os =
        OSFactory.builderV3()
            .endpoint(env.get("OS_AUTH_URL"))
            .credentials(
                env.get("OPENSTACK_ADMIN_USER"),
                env.get("OPENSTACK_ADMIN_PASSWORD"),
                Identifier.byId("default"))
            .scopeToProject(
                Identifier.byName(env.get("OPENSTACK_ADMIN_PROJECT")), Identifier.byId("default"))
            .authenticate();
    os.useRegion("RegionOne");
    return os;
  }

  @Override
  public void close() throws Exception {
    AioScripts.down("openstack-aio", workdir);
  }
}
