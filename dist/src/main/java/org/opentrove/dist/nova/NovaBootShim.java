package org.opentrove.dist.nova;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.storage.block.Volume;
import org.opentrove.activities.compute.LocalComputeConfig;
import org.opentrove.activities.compute.isolation.HostCommand;
import org.opentrove.activities.compute.nova.NovaNames;
import org.opentrove.activities.compute.nova.NovaServersView;
import org.opentrove.activities.openstack.OpenStackSession;
import org.opentrove.activities.volume.LocalVolumeActivities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the hypervisor for a loopback Nova whose fake virt driver runs nothing: every second it
 * lists the servers this control plane made, boots each new ACTIVE one ({@link NovaGuestMachine})
 * from its user data, grows a disk whose Cinder volume was extended, and removes what belonged to a
 * server Nova no longer lists. Test and dev tooling only: production servers boot their image.
 */
public final class NovaBootShim implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NovaBootShim.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BootShimConfig config;
  private final OpenStackSession admin;
  private final LocalVolumeActivities disks;
  private final Map<String, NovaGuestMachine> machines = new HashMap<>();
  private final Set<String> refused = new HashSet<>();
  private final Thread loop;
  private volatile boolean running = true;

  public NovaBootShim(BootShimConfig config) {
    this.config = config;
    this.admin = new OpenStackSession(config.admin);
    LocalComputeConfig diskConfig = new LocalComputeConfig();
    diskConfig.dataRoot = config.root;
    this.disks = new LocalVolumeActivities(diskConfig);
    this.loop = new Thread(this::run, "nova-boot-shim");
    loop.setDaemon(true);
  }

  public NovaBootShim start() {
    loop.start();
    LOG.info("boot shim watching Nova as {}", config.admin);
    return this;
  }

  private void run() {
    while (running) {
      try {
        poll();
      } catch (RuntimeException e) {
        LOG.warn("boot shim: {}", e.toString());
      }
      try {
        Thread.sleep((long) (config.pollSeconds * 1000));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The log of the guest the shim booted for {@code instanceId}, while its server lives. */
  public synchronized Optional<Path> guestLog(String instanceId) {
    return machines.values().stream()
        .filter(machine -> machine.instanceId().equals(instanceId))
        .map(NovaGuestMachine::guestLog)
        .findFirst();
  }

  synchronized void poll() {
    OSClientV3 os = admin.client();
    Map<String, Server> listed = new HashMap<>();
    for (Server server : os.compute().servers().list(Map.of("all_tenants", "1"))) {
      if (server.getMetadata() != null && server.getMetadata().containsKey(NovaNames.MANAGED_KEY)) {
        listed.put(server.getId(), server);
      }
    }
    for (Server server : listed.values()) {
      NovaGuestMachine machine = machines.get(server.getId());
      if (machine == null && server.getStatus() == Server.Status.ACTIVE) {
        boot(os, server);
      } else if (machine != null) {
        attachedGb(os, server).ifPresent(machine::followVolume);
      }
    }
    for (String gone : List.copyOf(machines.keySet())) {
      if (!listed.containsKey(gone)) {
        machines.remove(gone).destroy();
      }
    }
  }

  private void boot(OSClientV3 os, Server server) {
    if (refused.contains(server.getId())) {
      return;
    }
    String instanceId = server.getMetadata().get(NovaNames.INSTANCE_KEY);
    NovaGuestMachine machine = new NovaGuestMachine(config, disks, server.getId(), instanceId);
    try {
      Properties settings = userData(server.getId());
      int gb = attachedGb(os, server).orElse(1);
      machines.put(server.getId(), machine);
      machine.boot(NovaServersView.address(server), settings, gb);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot boot server {}: {}", server.getId(), e.toString());
      machines.remove(server.getId());
      machine.destroy();
      refused.add(server.getId());
    }
  }

  private static Optional<Integer> attachedGb(OSClientV3 os, Server server) {
    List<String> volumes = server.getOsExtendedVolumesAttached();
    if (volumes == null || volumes.isEmpty()) {
      return Optional.empty();
    }
    Volume volume = os.blockStorage().volumes().get(volumes.get(0));
    return volume == null ? Optional.empty() : Optional.of(volume.getSize());
  }

  /** The server's user data: an admin-only attribute from compute API 2.3 on. */
  private Properties userData(String serverId) throws IOException {
    HttpResponse<String> response =
        admin.call("compute", "GET", "/servers/" + serverId, "compute 2.3", null);
    if (response.statusCode() != 200) {
      throw new IOException("GET server " + serverId + ": " + response.statusCode());
    }
    JsonNode data = JSON.readTree(response.body()).path("server").path("OS-EXT-SRV-ATTR:user_data");
    if (!data.isTextual()) {
      throw new IOException("server " + serverId + " has no user data");
    }
    Properties settings = new Properties();
    settings.load(
        new StringReader(
            new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8)));
    return settings;
  }

  @Override
  public synchronized void close() {
    running = false;
    loop.interrupt();
    machines.values().forEach(NovaGuestMachine::destroy);
    machines.clear();
    NovaGuestMachine.removeBridge(config);
    HostCommand.run(List.of("rm", "-rf", "--one-file-system", config.root));
  }
}
