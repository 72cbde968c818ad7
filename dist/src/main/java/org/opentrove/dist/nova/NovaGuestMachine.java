package org.opentrove.dist.nova;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.opentrove.activities.compute.isolation.HostCommand;
import org.opentrove.activities.volume.LocalVolumeActivities;
import org.opentrove.contract.GuestSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Nova server, played on this host: a network namespace with the server's fixed address
 * (plugged into the shim's bridge), a loop-mounted disk of the attached volume's size, the
 * management network's ports forwarded onto the namespace's loopback through unix sockets, and the
 * guest agent started inside from the server's user data, as a cloud image's init would.
 */
final class NovaGuestMachine {
  private static final Logger LOG = LoggerFactory.getLogger(NovaGuestMachine.class);
  static final String GUEST_MAIN = "org.opentrove.guest.GuestAgentMain";
  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> TRAVERSE_ONLY =
      PosixFilePermissions.fromString("rwx--x--x");

  private final BootShimConfig config;
  private final LocalVolumeActivities disks;
  private final String serverId;
  private final String instanceId;
  private final Path dir;
  private final String netns;
  private final String hostVeth;
  private final List<Process> forwarders = new ArrayList<>();
  private int diskGb;

  NovaGuestMachine(
      BootShimConfig config, LocalVolumeActivities disks, String serverId, String instanceId) {
    this.config = config;
    this.disks = disks;
    this.serverId = serverId;
    this.instanceId = instanceId;
    this.dir = Path.of(config.root, serverId);
    String tag = serverId.replace("-", "").substring(0, 10);
    this.netns = "otn-" + tag;
    this.hostVeth = "otv" + tag;
  }

  String serverId() {
    return serverId;
  }

  String instanceId() {
    return instanceId;
  }

  Path guestLog() {
    return dir.resolve("guest.log");
  }

  void boot(String address, Properties settings, int volumeGb) throws IOException {
    // The datastore runs as its own OS user: it must get through to the disk, and no further.
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir.getParent(), TRAVERSE_ONLY);
    Files.setPosixFilePermissions(dir, TRAVERSE_ONLY);
    String disk = disks.createVolume(serverId, volumeGb, null).path();
    diskGb = volumeGb;
    plug(address);
    for (int port : forwardedPorts(settings)) {
      forward(port);
    }
    settings.setProperty(GuestSettings.DATA_DIR, disk);
    if (!config.pgBinDir.isBlank()) {
      settings.setProperty(GuestSettings.PG_BIN_DIR, config.pgBinDir);
    }
    Path file = dir.resolve("guest.properties");
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (Writer out = Files.newBufferedWriter(file, StandardOpenOption.WRITE)) {
      settings.store(out, "user data of server " + serverId);
    }
    startGuest(file);
    LOG.info(
        "booted server {} (instance {}) at {} with a {} GB disk",
        serverId,
        instanceId,
        address,
        volumeGb);
  }

  /**
   * Cinder extended the volume: the disk grows, its filesystem does not (the resize's next step has
   * the guest grow it, as on a real server).
   */
  void followVolume(int volumeGb) {
    if (volumeGb > diskGb) {
      disks.growDisk(serverId, volumeGb);
      diskGb = volumeGb;
    }
  }

  /** The server is gone: everything in its namespace is killed, its disk and network removed. */
  void destroy() {
    HostCommand.Result pids = HostCommand.run(List.of("ip", "netns", "pids", netns));
    if (pids.ok()) { // else never plugged, or removed already
      pids.output()
          .lines()
          .map(String::strip)
          .filter(pid -> !pid.isEmpty())
          .forEach(pid -> HostCommand.run(List.of("kill", "-KILL", pid)));
    }
    forwarders.forEach(Process::destroyForcibly);
    HostCommand.run(List.of("ip", "link", "del", hostVeth));
    HostCommand.run(List.of("ip", "netns", "del", netns));
    try {
      disks.deleteVolume(serverId);
      HostCommand.checked(List.of("rm", "-rf", "--one-file-system", dir.toString()));
    } catch (RuntimeException e) {
      LOG.warn("cannot remove the disk of server {}: {}", serverId, e.toString());
    }
    LOG.info("server {} (instance {}) is gone", serverId, instanceId);
  }

  private void plug(String address) throws IOException {
    ensureBridge();
    HostCommand.run(List.of("ip", "netns", "del", netns));
    HostCommand.run(List.of("ip", "link", "del", hostVeth));
    String peer = "otp" + hostVeth.substring(3);
    HostCommand.checked(List.of("ip", "netns", "add", netns));
    HostCommand.checked(
        List.of("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", peer));
    HostCommand.checked(List.of("ip", "link", "set", peer, "netns", netns));
    HostCommand.checked(List.of("ip", "-n", netns, "link", "set", peer, "name", "eth0"));
    String prefix = config.bridgeAddress.substring(config.bridgeAddress.indexOf('/'));
    HostCommand.checked(List.of("ip", "-n", netns, "addr", "add", address + prefix, "dev", "eth0"));
    HostCommand.checked(List.of("ip", "-n", netns, "link", "set", "eth0", "up"));
    HostCommand.checked(List.of("ip", "-n", netns, "link", "set", "lo", "up"));
    HostCommand.checked(List.of("ip", "link", "set", hostVeth, "master", config.bridge));
    HostCommand.checked(List.of("ip", "link", "set", hostVeth, "up"));
  }

  /**
   * The bridge, once per host. Servers may answer the host's connections but never start one to the
   * host: only the forwarded management ports reach it, through their sockets.
   */
  private void ensureBridge() throws IOException {
    synchronized (NovaGuestMachine.class) {
      if (HostCommand.run(List.of("ip", "link", "show", config.bridge)).ok()) {
        return;
      }
      HostCommand.checked(List.of("ip", "link", "add", config.bridge, "type", "bridge"));
      HostCommand.checked(List.of("ip", "addr", "add", config.bridgeAddress, "dev", config.bridge));
      HostCommand.checked(List.of("ip", "link", "set", config.bridge, "up"));
      // inserted at the top in reverse: established traffic is let in before the drop
      List<List<String>> rules = hostRules(config);
      for (int i = rules.size() - 1; i >= 0; i--) {
        HostCommand.checked(iptables("-I", rules.get(i)));
      }
    }
  }

  /**
   * The host's INPUT rules for the servers' bridge, in order: what answers the host's own
   * connections comes in, nothing else does.
   */
  private static List<List<String>> hostRules(BootShimConfig config) {
    return List.of(
        List.of(
            "-i",
            config.bridge,
            "-m",
            "conntrack",
            "--ctstate",
            "ESTABLISHED,RELATED",
            "-j",
            "ACCEPT"),
        List.of("-i", config.bridge, "-j", "DROP"));
  }

  private static List<String> iptables(String action, List<String> rule) {
    List<String> command = new ArrayList<>(List.of("iptables", action, "INPUT"));
    command.addAll(rule);
    return command;
  }

  /** The host's end of the servers' network, once the last server is gone. */
  static void removeBridge(BootShimConfig config) {
    synchronized (NovaGuestMachine.class) {
      for (List<String> rule : hostRules(config)) {
        HostCommand.run(iptables("-D", rule));
      }
      HostCommand.run(List.of("ip", "link", "del", config.bridge));
    }
  }

  /** The broker's and the object store's ports from the settings, and the configured ones. */
  private Set<Integer> forwardedPorts(Properties settings) {
    Set<Integer> ports = new LinkedHashSet<>(config.forwardedPorts);
    for (String key : List.of(GuestSettings.AMQP_URI, GuestSettings.OBJECT_STORE_AUTH_URL)) {
      String value = settings.getProperty(key);
      if (value != null && !value.isBlank()) {
        URI uri = URI.create(value);
        if ("127.0.0.1".equals(uri.getHost()) && uri.getPort() > 0) {
          ports.add(uri.getPort());
        }
      }
    }
    return ports;
  }

  private void forward(int port) throws IOException {
    Path socket = dir.resolve("port-" + port + ".sock");
    Files.deleteIfExists(socket);
    forwarders.add(
        start(
            List.of("socat", "UNIX-LISTEN:" + socket + ",fork,mode=600", "TCP:127.0.0.1:" + port),
            dir.resolve("forward-" + port + ".log")));
    forwarders.add(
        start(
            List.of(
                "ip",
                "netns",
                "exec",
                netns,
                "socat",
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr",
                "UNIX-CONNECT:" + socket),
            dir.resolve("forward-" + port + "-inside.log")));
  }

  private void startGuest(Path settings) throws IOException {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", netns, "setsid"));
    command.add(
        config.javaCommand.isBlank()
            ? ProcessHandle.current().info().command().orElse("java")
            : config.javaCommand);
    command.addAll(config.guestJvmOptions);
    command.add("-cp");
    command.add(
        config.guestClasspath.isBlank()
            ? System.getProperty("java.class.path")
            : config.guestClasspath);
    command.add(GUEST_MAIN);
    command.add("--config");
    command.add(settings.toString());
    command.add("--instance-id");
    command.add(instanceId);
    start(command, guestLog());
  }

  private static Process start(List<String> command, Path log) throws IOException {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
  }
}
