package org.opentrove.activities.compute;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.opentrove.activities.ActivityProgress;
import org.opentrove.activities.compute.isolation.ClusterLinks;
import org.opentrove.activities.compute.isolation.InstanceIsolation;
import org.opentrove.activities.compute.isolation.ReplicationLinks;
import org.opentrove.containers.DatastoreContainers;
import org.opentrove.containers.DockerEngine;
import org.opentrove.contract.AmqpSettings;
import org.opentrove.contract.ClusterNode;
import org.opentrove.contract.GuestSettings;
import org.opentrove.contract.bus.GuestCredentials;
import org.opentrove.objects.ObjectStoreConfig;
import org.opentrove.temporal.NonRetryable;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.compute.CreateServerRequest;
import org.opentrove.temporal.activities.compute.ReplicationEndpoint;
import org.opentrove.temporal.activities.compute.ServerInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code local} compute driver: a server is a detached guest-agent process on this host. */
public class LocalComputeActivities implements ComputeActivities {
  private static final Logger LOG = LoggerFactory.getLogger(LocalComputeActivities.class);
  private static final Duration CONTAINER_START_WAIT = Duration.ofSeconds(60);
  static final String HOST = "127.0.0.1";

  private final LocalComputeConfig config;
  private final String runtime;
  private final GuestLauncher launcher;
  private final PortAllocator ports;
  private final InstanceIsolation isolation;

  public LocalComputeActivities(
      LocalComputeConfig config, AmqpSettings amqp, GuestCredentials credentials) {
    this(config, amqp, credentials, new ObjectStoreConfig());
  }

  /**
   * Guests log in to the broker as their own identity ({@code credentials}) and write their backups
   * to {@code backups}.
   */
  public LocalComputeActivities(
      LocalComputeConfig config,
      AmqpSettings amqp,
      GuestCredentials credentials,
      ObjectStoreConfig backups) {
    this.config = config;
    this.runtime = DatastoreRuntimeChoice.resolve(config);
    this.launcher = new GuestLauncher(config, amqp, credentials, backups, runtime);
    this.ports =
        new PortAllocator(Path.of(config.dataRoot), config.portRangeStart, config.portRangeEnd);
    this.isolation = HostIsolation.DETECTED;
  }

  /** Probed once per process, and logged then: what the process runtime isolates here. */
  private static final class HostIsolation {
    static final InstanceIsolation DETECTED = InstanceIsolation.detect();

    static {
      DETECTED.logAtStart();
    }
  }

  public InstanceIsolation isolation() {
    return isolation;
  }

  @Override
  public ServerInfo createServer(CreateServerRequest request) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, request.instanceId());
    ActivityProgress.beat();
    try {
      vm.create();
      try (VmLock ignored = lock(vm)) {
        int port = ports.allocate(vm);
        // In a container the instance's uid is the container's own; no host account is needed.
        Optional<String> runAsUser =
            runtime.equals(GuestSettings.RUNTIME_PROCESS)
                ? isolation.prepare(vm, request.instanceId())
                : Optional.empty();
        Optional<Long> running = runningGuest(vm);
        if (running.isPresent()) {
          LOG.info("server for {} already running as pid {}", request.instanceId(), running.get());
          return new ServerInfo(request.instanceId(), HOST, port);
        }
        long started = launcher.launch(vm, request, port, runAsUser);
        LOG.info("started guest for {} as pid {}, port {}", request.instanceId(), started, port);
        return new ServerInfo(request.instanceId(), HOST, port);
      }
    } catch (NoCapacityException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), NonRetryable.NO_CAPACITY);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the server for " + request.instanceId(), e);
    }
  }

  /**
   * The server's guest if one runs: the one the pid file names or, when a worker was killed between
   * starting a guest and recording its pid, the one found on the process table. Adopting it keeps a
   * retried create from starting a second guest.
   */
  private static Optional<Long> runningGuest(VmDirectory vm) throws IOException {
    Optional<Long> recorded = vm.pid();
    if (recorded.isPresent() && VmProcesses.isAlive(recorded.get(), vm.root())) {
      return recorded;
    }
    if (!Files.exists(vm.config())) {
      return Optional.empty(); // a guest is only ever launched after its config is written
    }
    Optional<Long> unrecorded =
        VmProcesses.referencing(vm.root()).stream()
            .filter(p -> VmProcesses.commandLine(p).contains(GuestLauncher.GUEST_MAIN))
            .map(ProcessHandle::pid)
            .findFirst();
    if (unrecorded.isPresent()) {
      Files.writeString(vm.pidFile(), Long.toString(unrecorded.get()));
    }
    return unrecorded;
  }

  @Override
  public boolean serverIsRunning(String instanceId) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, instanceId);
    try {
      Optional<Long> pid = vm.pid();
      return pid.isPresent() && VmProcesses.isAlive(pid.get(), vm.root());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the server of " + instanceId, e);
    }
  }

  @Override
  public void restartServer(String instanceId) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, instanceId);
    if (!Files.isDirectory(vm.root())) {
      throw noServer(instanceId, "restart");
    }
    try (VmLock ignored = lock(vm)) {
      if (runningGuest(vm).isPresent()) {
        return;
      }
      if (!Files.exists(vm.config())) {
        throw noServer(instanceId, "restart");
      }
      if (Files.exists(vm.fenced())) {
        throw fenced(instanceId, "restart");
      }
      long pid = startGuest(vm, instanceId);
      LOG.info("restarted the guest of {} as pid {}", instanceId, pid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restart the server of " + instanceId, e);
    }
  }

  /** Every server here is on this host: there is no other to move to. */
  @Override
  public void migrateServer(String instanceId, String operationId, String host) {
    throw ApplicationFailure.newNonRetryableFailure(
        "the local compute driver runs every instance on this host; there is no other host to"
            + " migrate "
            + instanceId
            + " to",
        NonRetryable.INVALID_REQUEST);
  }

  @Override
  public void rebootServer(String instanceId, String operationId) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, instanceId);
    if (!Files.exists(vm.config())) {
      throw noServer(instanceId, "reboot");
    }
    Path rebootedFor = vm.rebootedFor();
    if (Files.exists(vm.fenced())) {
      throw fenced(instanceId, "reboot");
    }
    try (VmLock ignored = lock(vm)) {
      if (Files.exists(rebootedFor)
          && Files.readString(rebootedFor).equals(operationId)
          && runningGuest(vm).isPresent()) {
        return;
      }
      stopProcesses(vm);
      if (runtime.equals(GuestSettings.RUNTIME_DOCKER)) {
        try (DatastoreContainers containers = DatastoreContainers.connect(config.docker.host)) {
          containers.stop(instanceId, config.stopGraceSeconds);
        }
      } else {
        isolation.prepare(vm, instanceId);
      }
      ActivityProgress.beat();
      long pid = launcher.start(vm, instanceId);
      Files.writeString(rebootedFor, operationId);
      LOG.info("rebooted the server of {}: its guest is pid {}", instanceId, pid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reboot the server of " + instanceId, e);
    }
  }

  @Override
  public void resizeServer(String instanceId, int ramMb, int vcpus) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, instanceId);
    if (!Files.exists(vm.config())) {
      throw noServer(instanceId, "resize");
    }
    try (VmLock ignored = lock(vm)) {
      boolean inContainer = launcher.resize(vm, ramMb, Math.max(1, vcpus));
      if (inContainer) {
        try (DatastoreContainers containers = DatastoreContainers.connect(config.docker.host)) {
          if (!containers.resize(instanceId, ramMb, Math.max(1, vcpus))) {
            LOG.info("no container for {}; its guest makes it with the new limits", instanceId);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resize the server of " + instanceId, e);
    }
  }

  @Override
  public void deleteServer(String instanceId) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, instanceId);
    try {
      if (!Files.isDirectory(vm.root())) {
        removeContainer(instanceId);
        isolation.release(vm, instanceId);
        return;
      }
      try (VmLock ignored = lock(vm)) {
        stopProcesses(vm);
        removeContainer(instanceId);
        isolation.release(vm, instanceId);
        ReplicationLinks.close(instanceId);
        ClusterLinks.close(instanceId);
        for (Path file :
            List.of(
                vm.config(),
                vm.pidFile(),
                vm.log(),
                vm.portFile(),
                vm.rebootedFor(),
                vm.replicationLink(),
                vm.clusterPortsFile(),
                vm.clusterPeersFile(),
                vm.fenced())) {
          Files.deleteIfExists(file);
        }
        deleteTree(vm.agentPrivate());
      }
      Files.deleteIfExists(vm.lockFile());
      vm.removeIfEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the server for " + instanceId, e);
    }
  }

  @Override
  public ReplicationEndpoint openReplicationLink(String replicaId, String sourceId) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, replicaId);
    VmDirectory source = VmDirectory.of(config.dataRoot, sourceId);
    try {
      int port = source.port().orElseThrow(() -> noServer(sourceId, "replicate from"));
      if (!Files.exists(vm.config())) {
        throw noServer(replicaId, "link");
      }
      try (VmLock ignored = lock(vm)) {
        vm.replace(vm.replicationLink(), Integer.toString(port));
        if (runtime.equals(GuestSettings.RUNTIME_DOCKER)) {
          return openInDocker(replicaId, sourceId, port);
        }
        isolation.prepare(vm, replicaId); // its egress rules now let it reach that port
        return new ReplicationEndpoint(HOST, port);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot link " + replicaId + " to " + sourceId, e);
    }
  }

  @Override
  public List<ClusterNode> connectClusterMembers(List<String> memberIds) {
    if (runtime.equals(GuestSettings.RUNTIME_DOCKER)) {
      return connectInDocker(memberIds);
    }
    try {
      List<ClusterNode> nodes = new java.util.ArrayList<>();
      for (String id : memberIds) {
        VmDirectory vm = VmDirectory.of(config.dataRoot, id);
        if (!Files.exists(vm.config())) {
          throw noServer(id, "connect to its cluster");
        }
        List<Integer> own = ports.allocateCluster(vm);
        nodes.add(new ClusterNode(id, HOST, own.get(0), own.get(1), own.get(2)));
      }
      for (ClusterNode node : nodes) {
        VmDirectory vm = VmDirectory.of(config.dataRoot, node.memberId());
        List<Integer> others =
            nodes.stream()
                .filter(other -> !other.memberId().equals(node.memberId()))
                .flatMap(
                    other ->
                        java.util.stream.Stream.of(
                            other.groupPort(), other.istPort(), other.sstPort()))
                .toList();
        try (VmLock ignored = lock(vm)) {
          vm.replacePorts(vm.clusterPeersFile(), others);
          isolation.prepare(vm, node.memberId()); // its egress rules: exactly these peers
        }
      }
      return nodes;
    } catch (NoCapacityException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), NonRetryable.NO_CAPACITY);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect cluster members " + memberIds, e);
    }
  }

  /** Each member reaches the others at their container's address, on Galera's own ports. */
  private List<ClusterNode> connectInDocker(List<String> memberIds) {
    try (DatastoreContainers containers = DatastoreContainers.connect(config.docker.host)) {
      List<ClusterNode> nodes = new java.util.ArrayList<>();
      for (String id : memberIds) {
        nodes.add(
            new ClusterNode(
                id,
                addressOf(containers, id),
                ClusterLinks.GROUP_PORT,
                ClusterLinks.IST_PORT,
                ClusterLinks.SST_PORT));
      }
      for (ClusterNode node : nodes) {
        ClusterLinks.open(
            node.memberId(),
            config.docker.bridge,
            node.host(),
            nodes.stream()
                .filter(other -> !other.memberId().equals(node.memberId()))
                .map(ClusterNode::host)
                .toList());
      }
      return nodes;
    }
  }

  private ReplicationEndpoint openInDocker(String replicaId, String sourceId, int port) {
    try (DatastoreContainers containers = DatastoreContainers.connect(config.docker.host)) {
      String replicaIp = addressOf(containers, replicaId);
      String sourceIp = addressOf(containers, sourceId);
      ReplicationLinks.open(replicaId, config.docker.bridge, replicaIp, sourceIp, port);
      return new ReplicationEndpoint(sourceIp, port);
    }
  }

  /** The container's address on the project's network (it must be running to have one). */
  private String addressOf(DatastoreContainers containers, String instanceId) {
    return containers
        .address(instanceId, config.docker.network)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the container of "
                        + instanceId
                        + " has no address on "
                        + config.docker.network));
  }

  @Override
  public void fenceServer(String instanceId) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, instanceId);
    if (!Files.isDirectory(vm.root())) {
      throw noServer(instanceId, "fence");
    }
    try (VmLock ignored = lock(vm)) {
      // Marked first: a restart racing the fence finds the mark and starts nothing.
      Files.writeString(vm.fenced(), "fenced\n");
      stopProcesses(vm);
      if (runtime.equals(GuestSettings.RUNTIME_DOCKER)
          || DockerEngine.answers(config.docker.host)) {
        try (DatastoreContainers containers = DatastoreContainers.connect(config.docker.host)) {
          containers.stop(instanceId, 0);
        }
      }
      LOG.info("fenced the server of {}", instanceId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fence the server of " + instanceId, e);
    }
  }

  @Override
  public void startHeldServer(String instanceId) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, instanceId);
    if (!Files.exists(vm.config())) {
      throw noServer(instanceId, "start held");
    }
    try (VmLock ignored = lock(vm)) {
      if (runningGuest(vm).isPresent()) {
        return; // a replayed start: held already, and the fence lifted
      }
      // Held first: the fence is lifted only once nothing can start the datastore.
      launcher.hold(vm, true);
      Files.deleteIfExists(vm.fenced());
      long pid = startGuest(vm, instanceId);
      LOG.info("started the fenced server of {} held, its guest pid {}", instanceId, pid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the server of " + instanceId + " held", e);
    }
    if (runtime.equals(GuestSettings.RUNTIME_DOCKER)) {
      awaitContainerAddress(instanceId);
    }
  }

  /**
   * The held guest starts its container as it boots: a replication link needs its address. A
   * replayed start finds it at once.
   */
  private void awaitContainerAddress(String instanceId) {
    long deadline = System.nanoTime() + CONTAINER_START_WAIT.toNanos();
    try (DatastoreContainers containers = DatastoreContainers.connect(config.docker.host)) {
      while (containers.address(instanceId, config.docker.network).isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the container of " + instanceId + " did not start within " + CONTAINER_START_WAIT);
        }
        ActivityProgress.beat();
        sleep(100);
      }
    }
  }

  /**
   * Starts a stopped server's guest; on this host its egress rules first (no host reboot keeps
   * them).
   */
  private long startGuest(VmDirectory vm, String instanceId) throws IOException {
    if (runtime.equals(GuestSettings.RUNTIME_PROCESS)) {
      isolation.prepare(vm, instanceId);
    }
    return launcher.start(vm, instanceId);
  }

  @Override
  public void releaseHold(String instanceId) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, instanceId);
    if (!Files.exists(vm.config())) {
      throw noServer(instanceId, "release");
    }
    try (VmLock ignored = lock(vm)) {
      launcher.hold(vm, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the hold of " + instanceId, e);
    }
  }

  @Override
  public void closeReplicationLink(String replicaId) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, replicaId);
    try {
      ReplicationLinks.close(replicaId);
      if (!Files.exists(vm.replicationLink())) {
        return;
      }
      try (VmLock ignored = lock(vm)) {
        Files.deleteIfExists(vm.replicationLink());
        if (runtime.equals(GuestSettings.RUNTIME_PROCESS) && Files.exists(vm.config())) {
          isolation.prepare(vm, replicaId);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unlink " + replicaId, e);
    }
  }

  /**
   * The datastore's container, after its guest had the chance to stop the datastore cleanly. Also
   * asked of a process-runtime driver: a server made while the runtime was docker still goes.
   */
  private void removeContainer(String instanceId) {
    if (runtime.equals(GuestSettings.RUNTIME_PROCESS)
        && !DockerEngine.answers(config.docker.host)) {
      return;
    }
    try (DatastoreContainers containers = DatastoreContainers.connect(config.docker.host)) {
      containers.remove(instanceId);
    }
  }

  /**
   * Stops a server's processes gently first: SIGTERM to the guest (which stops its datastore), then
   * SIGINT (PostgreSQL's fast shutdown) to a datastore a killed guest left behind, and SIGKILL only
   * for what survives both.
   */
  private void stopProcesses(VmDirectory vm) throws IOException {
    Optional<Long> guestPid = vm.pid();
    if (guestPid.isPresent() && VmProcesses.isAlive(guestPid.get(), vm.root())) {
      ProcessHandle guest = ProcessHandle.of(guestPid.get()).orElseThrow();
      guest.destroy();
      waitUntilGone(List.of(guest), Duration.ofSeconds(config.stopGraceSeconds));
    }
    List<ProcessHandle> leftovers = VmProcesses.referencing(vm.root());
    leftovers.forEach(p -> signal(p, "INT"));
    waitUntilGone(leftovers, Duration.ofSeconds(config.stopGraceSeconds));
    for (int round = 0; round < 50; round++) {
      List<ProcessHandle> left = VmProcesses.referencing(vm.root());
      if (left.isEmpty()) {
        return;
      }
      LOG.warn("killing {} leftover processes of {}", left.size(), vm.root());
      left.forEach(ProcessHandle::destroyForcibly);
      sleep(100);
    }
    throw new IllegalStateException("processes of " + vm.root() + " survived SIGKILL");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static void waitUntilGone(List<ProcessHandle> processes, Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline && processes.stream().anyMatch(ProcessHandle::isAlive)) {
      ActivityProgress.beat();
      sleep(20);
    }
  }

  private static void signal(ProcessHandle process, String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    } catch (IOException e) {
      process.destroy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A server that is not there to act on: not worth retrying. */
  private static ApplicationFailure fenced(String instanceId, String action) {
    return ApplicationFailure.newNonRetryableFailure(
        "the server of "
            + instanceId
            + " is fenced (ejected from its replica set); not "
            + action
            + "ed",
        NonRetryable.SERVER_STOPPED);
  }

  private static ApplicationFailure noServer(String instanceId, String action) {
    return ApplicationFailure.newNonRetryableFailure(
        "instance " + instanceId + " has no server to " + action, NonRetryable.SERVER_STOPPED);
  }

  private static VmLock lock(VmDirectory vm) throws IOException {
    // File locks are per process: threads of this worker also need an in-memory lock.
    ReentrantLock local = THREAD_LOCKS.computeIfAbsent(vm.root(), k -> new ReentrantLock());
    local.lock();
    try {
      FileChannel channel =
          FileChannel.open(vm.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      return new VmLock(local, channel, channel.lock());
    } catch (IOException | RuntimeException e) {
      local.unlock();
      throw e;
    }
  }

  private static final ConcurrentHashMap<Path, ReentrantLock> THREAD_LOCKS =
      new ConcurrentHashMap<>();

  /** Serialises work on one server across threads and workers on this host. */
  private record VmLock(ReentrantLock local, FileChannel channel, FileLock lock)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        lock.release();
        channel.close();
      } finally {
        local.unlock();
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
