package org.opentrove.activities.compute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * The on-disk layout of one local server: {@code <dataRoot>/<instanceId>/} holding {@code
 * guest.conf} (secrets, 0600), {@code guest.pid}, {@code guest.log}, {@code port}, the volume's
 * image {@code volume.img} and its mount point {@code volume}.
 */
public record VmDirectory(Path root) {

  public static VmDirectory of(String dataRoot, String instanceId) {
    if (!instanceId.matches("[0-9a-fA-F-]{36}")) {
      throw new IllegalArgumentException("not an instance id: " + instanceId);
    }
    return new VmDirectory(Path.of(dataRoot).toAbsolutePath().resolve(instanceId));
  }

  public Path config() {
    return root.resolve("guest.conf");
  }

  public Path pidFile() {
    return root.resolve("guest.pid");
  }

  public Path log() {
    return root.resolve("guest.log");
  }

  /** The operation the server was last rebooted for: a retried reboot does not run twice. */
  public Path rebootedFor() {
    return root.resolve("rebooted-for");
  }

  /**
   * The port of the source this server's datastore replicates from: the one connection its egress
   * rules let it open. Absent when it replicates from nothing.
   */
  public Path replicationLink() {
    return root.resolve("replicates-from-port");
  }

  public Optional<Integer> replicationLinkPort() throws IOException {
    return readLong(replicationLink()).map(Long::intValue);
  }

  /**
   * A cluster member's own cluster ports, {@code group,ist,sst}: taken from the datastore port
   * range when it first joins a cluster and kept with the server.
   */
  public Path clusterPortsFile() {
    return root.resolve("cluster-ports");
  }

  public Optional<List<Integer>> clusterPorts() throws IOException {
    return readPorts(clusterPortsFile());
  }

  /**
   * The other cluster members' cluster ports, which this server's egress rules let it reach; absent
   * when it is no member.
   */
  public Path clusterPeersFile() {
    return root.resolve("cluster-peer-ports");
  }

  public List<Integer> clusterPeerPorts() throws IOException {
    return readPorts(clusterPeersFile()).orElse(List.of());
  }

  /**
   * Writes one of this directory's small files whole: a reader (or a worker killed meanwhile) sees
   * the old text or the new, never a part.
   */
  public void replace(Path file, String text) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(temp, text);
    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Writes a list of ports as {@link #clusterPorts()} and {@link #clusterPeerPorts()} read it. */
  public void replacePorts(Path file, List<Integer> ports) throws IOException {
    replace(file, String.join(",", ports.stream().map(String::valueOf).toList()));
  }

  private static Optional<List<Integer>> readPorts(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String text = Files.readString(file).trim();
    if (text.isEmpty()) {
      return Optional.of(List.of());
    }
    return Optional.of(
        java.util.Arrays.stream(text.split(",")).map(String::trim).map(Integer::parseInt).toList());
  }

  /** Present while the server is fenced (an eject stopped it): nothing may start it. */
  public Path fenced() {
    return root.resolve("fenced");
  }

  public Path portFile() {
    return root.resolve("port");
  }

  public Path lockFile() {
    return root.resolve(".lock");
  }

  /** Where the volume is mounted, and the guest's data directory. */
  public Path volume() {
    return root.resolve("volume");
  }

  /** The image file holding the volume's filesystem. */
  public Path volumeImage() {
    return root.resolve("volume.img");
  }

  /**
   * The guest agent's own files beside the volume (its administrator's password): never the
   * datastore's user's (see the guest's {@code AdminCredentials}).
   */
  public Path agentPrivate() {
    return root.resolve("volume.agent");
  }

  /**
   * Creates the directory, traversable (not listable) by others: the datastore's OS user must reach
   * its volume in it. As root, the process runtime's isolation narrows it to that user's group.
   */
  public void create() throws IOException {
    Files.createDirectories(root.getParent());
    Files.createDirectories(root);
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
  }

  /** Removes the directory once both the server and the volume are gone from it. */
  public void removeIfEmpty() throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (var entries = Files.list(root)) {
      if (entries.findAny().isPresent()) {
        return;
      }
    }
    Files.deleteIfExists(root);
  }

  public Optional<Long> pid() throws IOException {
    return readLong(pidFile());
  }

  public Optional<Integer> port() throws IOException {
    return readLong(portFile()).map(Long::intValue);
  }

  private static Optional<Long> readLong(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String text = Files.readString(file).trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
  }
}
