package org.opentrove.dist.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.openstack.OSFactory;
import org.opentrove.activities.compute.nova.NovaComputeConfig;

/**
 * A real OpenStack on loopback (Keystone, Nova with the fake virt driver, Cinder, Neutron, Glance,
 * Placement, Swift), started and stopped by the project's own script. It takes about 100 s to come
 * up and 2.4 GiB of memory: one per test class, down when the class ends.
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
    return new OpenStackAio(workdir, AioScripts.readEnv(workdir.resolve("openstack.env")));
  }

  String get(String key) {
    return env.get(key);
  }

  /** The Nova driver's settings, as openstack.env gives them to ./trove dev. */
  NovaComputeConfig novaConfig() {
    NovaComputeConfig config = new NovaComputeConfig();
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
    return config;
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
    AioScripts.run("openstack-aio", "down", workdir);
  }
}
