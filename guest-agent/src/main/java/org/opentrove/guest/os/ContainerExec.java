package org.opentrove.guest.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Commands in the instance's datastore container, through the docker CLI ({@code docker exec}),
 * whose standard streams carry backups and restores as a local process's would. The container
 * itself is made and started through docker-java ({@code containers/DatastoreContainers}).
 */
public final class ContainerExec {
  private final String dockerHost;
  private final String container;
  private final Supplier<String> containerId;
  private final int uid;
  private final Path workDir;
  private volatile Found lastFound;

  /**
   * @param containerId the full id, which names the container's cgroups on this host: asked for
   *     when a process is first looked up, and kept
   * @param workDir the directory commands start in inside (the volume, mounted at its host path)
   */
  public ContainerExec(
      String dockerHost, String container, Supplier<String> containerId, int uid, Path workDir) {
    this.dockerHost = dockerHost;
    this.container = container;
    this.containerId = containerId;
    this.uid = uid;
    this.workDir = workDir;
  }

  public int uid() {
    return uid;
  }

  List<String> exec(List<String> command, Set<String> env) {
    List<String> exec = prefix("-i");
    for (String name : env) {
      exec.add("-e");
      exec.add(name); // the value comes from the docker CLI's own environment, not argv
    }
    exec.add(container);
    exec.addAll(command);
    return exec;
  }

  /**
   * Starts {@code command} in the background inside, appending to {@code log}; the exec itself
   * prints the server's pid (in the container's namespace) and exits, leaving the server to the
   * container's init. Unlike {@code docker exec -d}, that lets the agent see a server that exits.
   */
  List<String> execDetached(List<String> command, Path log) {
    List<String> exec = prefix("-i");
    exec.add(container);
    exec.add("sh");
    exec.add("-c");
    exec.add("log=\"$1\"; shift; \"$@\" >>\"$log\" 2>&1 </dev/null & echo $!");
    exec.add("sh");
    exec.add(log.toString());
    exec.addAll(command);
    return exec;
  }

  private List<String> prefix(String mode) {
    return new ArrayList<>(
        List.of(
            "docker",
            "-H",
            dockerHost,
            "exec",
            mode,
            "-u",
            uid + ":" + uid,
            "-w",
            workDir.toString()));
  }

  /**
   * This host's handle on the process whose pid in the container is {@code pidInContainer}: the
   * process in the container's cgroup whose innermost {@code NSpid} is that pid. The last one found
   * is kept while it lives and still is that process, so a heartbeat does not scan {@code /proc}.
   */
  Optional<ProcessHandle> hostProcess(long pidInContainer) {
    String id;
    try {
      id = containerId.get();
    } catch (RuntimeException e) {
      return Optional.empty(); // the daemon did not say; asked again at the next look
    }
    Found last = lastFound;
    if (last != null
        && last.pidInContainer() == pidInContainer
        && last.process().isAlive()
        && isThatProcess(Long.toString(last.process().pid()), pidInContainer, id)) {
      return Optional.of(last.process());
    }
    Optional<ProcessHandle> found = scan(pidInContainer, id);
    lastFound = found.map(process -> new Found(pidInContainer, process)).orElse(null);
    return found;
  }

  private record Found(long pidInContainer, ProcessHandle process) {}

  private static Optional<ProcessHandle> scan(long pidInContainer, String id) {
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.isEmpty() && Character.isDigit(name.charAt(0)))
          .filter(name -> isThatProcess(name, pidInContainer, id))
          .findFirst()
          .flatMap(name -> ProcessHandle.of(Long.parseLong(name)))
          .filter(ProcessHandle::isAlive);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean isThatProcess(String hostPid, long pidInContainer, String containerId) {
    return innermostPid(hostPid) == pidInContainer && inContainer(hostPid, containerId);
  }

  private static long innermostPid(String hostPid) {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", hostPid, "status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("NSpid:")) {
          String[] pids = line.substring("NSpid:".length()).trim().split("\\s+");
          return pids.length > 1 ? Long.parseLong(pids[pids.length - 1]) : -1;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process exited while we looked
    }
    return -1;
  }

  private static boolean inContainer(String hostPid, String containerId) {
    try {
      return Files.readString(Path.of("/proc", hostPid, "cgroup"), StandardCharsets.US_ASCII)
          .contains(containerId);
    } catch (IOException e) {
      return false;
    }
  }
}
