package org.opentrove.activities.compute;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gives each local server its own datastore port (and a cluster member its cluster ports) from a
 * configured range. Ports already recorded by other servers are skipped even while their datastore
 * is down, and a port is only taken if it can be bound on 127.0.0.1 now. A file lock keeps several
 * workers on one host from racing.
 */
final class PortAllocator {
  private final Path dataRoot;
  private final int start;
  private final int end;

  PortAllocator(Path dataRoot, int start, int end) {
    this.dataRoot = dataRoot;
    this.start = start;
    this.end = end;
  }

  private static final Object THREADS = new Object();

  int allocate(VmDirectory vm) throws IOException {
    return locked(
        () -> {
          if (vm.port().isPresent()) {
            return vm.port().get();
          }
          Set<Integer> taken = recordedPorts();
          for (int port = start; port <= end; port++) {
            if (!taken.contains(port) && isFree(port)) {
              Files.writeString(vm.portFile(), Integer.toString(port));
              return port;
            }
          }
          throw new NoCapacityException(
              "no free datastore port in " + start + "-" + end + " for a new local server");
        });
  }

  /**
   * A cluster member's three cluster ports (group communication, incremental and full state
   * transfer), recorded in the server's directory: the same three on every call.
   */
  List<Integer> allocateCluster(VmDirectory vm) throws IOException {
    return locked(
        () -> {
          Optional<List<Integer>> recorded = vm.clusterPorts();
          if (recorded.isPresent()) {
            return recorded.get();
          }
          Set<Integer> taken = recordedPorts();
          List<Integer> chosen = new ArrayList<>();
          for (int port = start; port <= end && chosen.size() < 3; port++) {
            if (!taken.contains(port) && isFree(port)) {
              chosen.add(port);
            }
          }
          if (chosen.size() < 3) {
            throw new NoCapacityException(
                "no three free ports in " + start + "-" + end + " for a cluster member");
          }
          vm.replacePorts(vm.clusterPortsFile(), chosen);
          return chosen;
        });
  }

  private interface Allocation<T> {
    T run() throws IOException;
  }

  /** Runs {@code allocation} alone among this worker's threads and every worker on this host. */
  private <T> T locked(Allocation<T> allocation) throws IOException {
    synchronized (THREADS) {
      Files.createDirectories(dataRoot);
      try (FileChannel channel =
              FileChannel.open(
                  dataRoot.resolve(".port-allocation.lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return allocation.run();
      }
    }
  }

  private Set<Integer> recordedPorts() throws IOException {
    Set<Integer> ports = new HashSet<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataRoot, Files::isDirectory)) {
      for (Path dir : dirs) {
        Path file = dir.resolve("port");
        if (Files.exists(file)) {
          ports.add(Integer.parseInt(Files.readString(file).trim()));
        }
        new VmDirectory(dir).clusterPorts().ifPresent(ports::addAll);
      }
    }
    return ports;
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
