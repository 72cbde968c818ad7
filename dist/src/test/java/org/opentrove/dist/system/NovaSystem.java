package org.opentrove.dist.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import org.openstack4j.api.OSClient.OSClientV3;
import org.opentrove.activities.compute.VmDirectory;
import org.opentrove.dist.nova.NovaBootShim;

/**
 * The whole system on a loopback OpenStack with {@code compute.driver: nova}: the cloud, the boot
 * shim playing its hypervisor, and the control plane with an external worker. Closing stops the
 * control plane and the shim; the cloud is the caller's.
 */
final class NovaSystem implements AutoCloseable {
  final OpenStackAio cloud;
  final TroveSystem system;
  final OSClientV3 admin;
  private final NovaBootShim shim;
  private final Path shimRoot;

  private NovaSystem(OpenStackAio cloud, NovaBootShim shim, Path shimRoot, TroveSystem system) {
    this.cloud = cloud;
    this.shim = shim;
    this.shimRoot = shimRoot;
    this.system = system;
    this.admin = cloud.admin();
  }

  /** A control plane and a boot shim on {@code cloud}, which stays up when this closes. */
  static NovaSystem start(OpenStackAio cloud, BiConsumer<OpenStackAio, TestServices> configure)
      throws Exception {
    NovaBootShim shim = null;
    try {
      TestServices services = new TestServices();
      services.nova = cloud.novaConfig();
      configure.accept(cloud, services);
      Path shimRoot = Files.createTempDirectory("trove-nova-shim-");
      shim = new NovaBootShim(cloud.shimConfig(shimRoot)).start();
      TroveSystem system = TroveSystem.startWithExternalWorker(services);
      system.addGuestLogFinder(shim::guestLog);
      return new NovaSystem(cloud, shim, shimRoot, system);
    } catch (Exception | Error e) {
      if (shim != null) {
        shim.close();
      }
      throw e;
    }
  }

  /** Where the shim mounted a server's disk: what its guest sees as the volume. */
  Path diskOf(String serverId) {
    return VmDirectory.of(shimRoot.toString(), serverId).volume();
  }

  @Override
  public void close() throws Exception {
    try {
      system.close();
    } finally {
      shim.close();
    }
  }
}
