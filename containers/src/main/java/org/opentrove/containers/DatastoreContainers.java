package org.opentrove.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PropagationMode;
import com.github.dockerjava.api.model.SELContext;
import com.github.dockerjava.api.model.Volume;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances' datastore containers on the project's docker daemon, found by name ({@code
 * trove-<instance id>}) and label. Every call is idempotent: a create that finds its container
 * adopts it, a remove that finds none is done.
 */
public final class DatastoreContainers implements AutoCloseable {
  public static final String INSTANCE_LABEL = "org.opentrove.instance";
  private static final Logger log = LoggerFactory.getLogger(DatastoreContainers.class);
  private static final long MIB = 1024L * 1024L;

  private final DockerClient docker;

  public DatastoreContainers(DockerClient docker) {
    this.docker = docker;
  }

  public static DatastoreContainers connect(String host) {
    return new DatastoreContainers(DockerEngine.connect(host));
  }

  public static String name(String instanceId) {
    return "trove-" + instanceId;
  }

  /** Creates the container unless it exists and starts it unless it runs; returns its id. */
  public String ensureRunning(ContainerSpec spec) {
    InspectContainerResponse found = inspect(spec.instanceId()).orElseGet(() -> create(spec));
    if (!Boolean.TRUE.equals(found.getState().getRunning())) {
      start(spec.instanceId());
    }
    return found.getId();
  }

  /** Creates the container unless it exists, without starting it; returns its id. */
  public String ensureCreated(ContainerSpec spec) {
    return inspect(spec.instanceId()).orElseGet(() -> create(spec)).getId();
  }

  /** Starts the instance's container unless it runs; false when it does not exist. */
  public boolean start(String instanceId) {
    try {
      docker.startContainerCmd(name(instanceId)).exec();
    } catch (NotModifiedException alreadyStarted) {
      // started before, or by another thread
    } catch (NotFoundException e) {
      return false;
    }
    return true;
  }

  /**
   * Stops the instance's container (SIGTERM to what runs in it, SIGKILL after {@code
   * graceSeconds}); nothing to do when it is stopped or gone.
   */
  public void stop(String instanceId, int graceSeconds) {
    try {
      docker.stopContainerCmd(name(instanceId)).withTimeout(graceSeconds).exec();
    } catch (NotModifiedException | NotFoundException e) {
      // stopped already, or gone
    }
  }

  public Optional<InspectContainerResponse> inspect(String instanceId) {
    try {
      return Optional.of(docker.inspectContainerCmd(name(instanceId)).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** The container's address on {@code network}, while it runs. */
  public Optional<String> address(String instanceId, String network) {
    return inspect(instanceId)
        .map(c -> c.getNetworkSettings())
        .map(settings -> settings.getNetworks())
        .map(networks -> networks.get(network))
        .map(endpoint -> endpoint.getIpAddress())
        .filter(ip -> !ip.isEmpty());
  }

  public boolean isRunning(String instanceId) {
    return inspect(instanceId)
        .map(c -> Boolean.TRUE.equals(c.getState().getRunning()))
        .orElse(false);
  }

  /** Removes the container (killing what still runs in it); nothing to do when it is gone. */
  public void remove(String instanceId) {
    try {
      docker.removeContainerCmd(name(instanceId)).withForce(true).withRemoveVolumes(true).exec();
      log.info("removed container {}", name(instanceId));
    } catch (NotFoundException e) {
      // already gone
    } catch (ConflictException e) {
      if (!String.valueOf(e.getMessage()).contains("already in progress")) {
        throw e;
      }
    }
  }

  /**
   * Sets the container's memory (swap included, so none is added) and CPU limits, running or not: a
   * flavor resize. False when it does not exist. Lowering the memory below what the container uses
   * fails (cgroup v1), so the datastore is stopped first.
   */
  public boolean resize(String instanceId, int memoryMb, int vcpus) {
    long memory = memoryMb * MIB;
    try {
      docker
          .updateContainerCmd(name(instanceId))
          .withMemory(memory)
          .withMemorySwap(memory)
          .withNanoCPUs(vcpus * 1_000_000_000L)
          .exec();
      log.info("container {} now has {} MiB, {} vCPU", name(instanceId), memoryMb, vcpus);
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** The instances that have a container on this daemon, running or not. */
  public List<String> instanceIds() {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(List.of(INSTANCE_LABEL))
        .exec()
        .stream()
        .map(Container::getLabels)
        .map(labels -> labels.get(INSTANCE_LABEL))
        .toList();
  }

  private InspectContainerResponse create(ContainerSpec spec) {
    ExposedPort port = ExposedPort.tcp(spec.port());
    Ports bindings = new Ports();
    bindings.bind(port, Ports.Binding.bindIpAndPort("127.0.0.1", spec.port()));
    String dataDir = spec.dataDir().toString();
    long memory = spec.memoryMb() * MIB;
    HostConfig host =
        HostConfig.newHostConfig()
            .withBinds(
                new Bind(
                    dataDir,
                    new Volume(dataDir),
                    AccessMode.rw,
                    SELContext.none,
                    null,
                    spec.mountsPropagate() ? PropagationMode.RSLAVE : PropagationMode.DEFAULT_MODE))
            .withPortBindings(bindings)
            .withNetworkMode(spec.network())
            .withInit(true)
            .withReadonlyRootfs(true)
            .withTmpFs(
                Map.of(
                    "/run", "rw,nosuid,nodev,noexec,size=16m",
                    "/tmp", "rw,nosuid,nodev,noexec,size=64m",
                    "/var/tmp", "rw,nosuid,nodev,noexec,size=16m"))
            .withShmSize(Math.max(64 * MIB, memory / 4))
            .withMemory(memory)
            .withMemorySwap(memory)
            .withNanoCPUs(spec.vcpus() * 1_000_000_000L)
            .withPidsLimit(1024L)
            // Only trove-init, as root, needs these (it writes the account files and drops to the
            // instance's uid); the datastore's own processes run without any capability.
            .withCapDrop(Capability.ALL)
            .withCapAdd(Capability.CHOWN, Capability.SETUID, Capability.SETGID, Capability.FOWNER)
            .withSecurityOpts(List.of("no-new-privileges"));
    try {
      CreateContainerResponse created =
          docker
              .createContainerCmd(spec.image())
              .withName(name(spec.instanceId()))
              .withHostName("trove-" + spec.instanceId().substring(0, 8))
              .withLabels(Map.of(INSTANCE_LABEL, spec.instanceId()))
              .withEnv("TROVE_UID=" + spec.uid())
              .withExposedPorts(port)
              .withHostConfig(host)
              .exec();
      log.info(
          "created container {} ({}, uid {}, {} MiB, {} vCPU, 127.0.0.1:{})",
          name(spec.instanceId()),
          spec.image(),
          spec.uid(),
          spec.memoryMb(),
          spec.vcpus(),
          spec.port());
      return docker.inspectContainerCmd(created.getId()).exec();
    } catch (ConflictException raced) {
      return inspect(spec.instanceId()).orElseThrow(() -> raced);
    }
  }

  @Override
  public void close() {
    try {
      docker.close();
    } catch (java.io.IOException e) {
      log.debug("closing the docker client", e);
    }
  }
}
