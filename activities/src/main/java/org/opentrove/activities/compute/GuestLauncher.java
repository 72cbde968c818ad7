package org.opentrove.activities.compute;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.opentrove.containers.ContainerSpec;
import org.opentrove.containers.DatastoreContainers;
import org.opentrove.contract.AmqpSettings;
import org.opentrove.contract.GuestSettings;
import org.opentrove.contract.bus.GuestCredentials;
import org.opentrove.objects.ObjectStoreConfig;
import org.opentrove.temporal.activities.compute.CreateServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a guest agent as a process detached from this one ({@code setsid}: its own session, so a
 * worker crash or a Ctrl-C in the worker's terminal does not take guests down). The guest's
 * settings, including the broker and object store credentials, go into a 0600 file, never onto the
 * command line; its log is 0600 too. The broker credentials are the guest's own identity, not the
 * control plane's.
 */
final class GuestLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(GuestLauncher.class);
  static final String GUEST_MAIN = "org.opentrove.guest.GuestAgentMain";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final LocalComputeConfig config;
  private final GuestSettingsFile settings;
  private final String runtime;
  private final Optional<GuestClassArchive> classArchive;

  GuestLauncher(
      LocalComputeConfig config,
      AmqpSettings amqp,
      GuestCredentials credentials,
      ObjectStoreConfig backups,
      String runtime) {
    this.config = config;
    this.settings =
        new GuestSettingsFile(amqp, credentials, backups, config.heartbeatIntervalSeconds);
    this.runtime = runtime;
    this.classArchive =
        config.guestClassArchiveDir.isBlank()
            ? Optional.empty()
            : Optional.of(
                new GuestClassArchive(
                    Path.of(config.guestClassArchiveDir),
                    javaCommand(),
                    classpath(),
                    config.guestJvmOptions,
                    GUEST_MAIN));
    classArchive.ifPresent(GuestClassArchive::prepareInBackground);
  }

  /** Instances get distinct uids: the port is unique among this host's live instances. */
  static int uidFor(int port) {
    return ContainerSpec.MIN_UID + port;
  }

  /**
   * @param runAsUser the OS user the guest runs the datastore as, or empty for the guest's default
   */
  long launch(VmDirectory vm, CreateServerRequest request, int port, Optional<String> runAsUser)
      throws IOException {
    Optional<ContainerSpec> container = containerSpec(request, port);
    writeConfig(vm, request, port, runAsUser, container);
    if (container.isPresent()) {
      try (DatastoreContainers containers = DatastoreContainers.connect(config.docker.host)) {
        containers.ensureCreated(container.get());
      }
    }
    return start(vm, request.instanceId());
  }

  /**
   * Starts the guest again with the configuration written when it was first launched. On docker the
   * instance's container starts while the guest's JVM boots (the guest waits for it); a container
   * that is gone the guest makes again itself.
   */
  long start(VmDirectory vm, String instanceId) throws IOException {
    long pid = startAgent(vm, instanceId);
    if (runtime.equals(GuestSettings.RUNTIME_DOCKER)) {
      try (DatastoreContainers containers = DatastoreContainers.connect(config.docker.host)) {
        if (!containers.start(instanceId)) {
          LOG.info("no container for {}; its guest makes it", instanceId);
        }
      } catch (RuntimeException e) {
        // The guest waits for its container and starts it itself when it does not come.
        LOG.warn("cannot start the container of {}; its guest tries: {}", instanceId, e.toString());
      }
    }
    return pid;
  }

  private long startAgent(VmDirectory vm, String instanceId) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("setsid");
    command.add(javaCommand());
    command.addAll(config.guestJvmOptions);
    classArchive.ifPresent(archive -> command.addAll(archive.jvmOptions()));
    command.add("-cp");
    command.add(classpath());
    command.add(GUEST_MAIN);
    command.add("--config");
    command.add(vm.config().toString());
    command.add("--instance-id");
    command.add(instanceId);
    if (!Files.exists(vm.log())) {
      Files.createFile(vm.log(), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    }
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(vm.log().toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process = builder.start();
    long pid = process.pid();
    Files.writeString(vm.pidFile(), Long.toString(pid));
    return pid;
  }

  /** The instance's container on the docker runtime: the same spec the guest reads back. */
  private Optional<ContainerSpec> containerSpec(CreateServerRequest request, int port) {
    if (!runtime.equals(GuestSettings.RUNTIME_DOCKER)) {
      return Optional.empty();
    }
    String image = config.docker.images.get(request.datastore());
    if (image == null) {
      throw new IllegalStateException(
          "compute.local.docker.images names no image for " + request.datastore());
    }
    return Optional.of(
        new ContainerSpec(
            request.instanceId(),
            image,
            uidFor(port),
            Path.of(request.volumePath()),
            port,
            request.ramMb(),
            Math.max(1, request.vcpus()),
            config.docker.network,
            true));
  }

  private void writeConfig(
      VmDirectory vm,
      CreateServerRequest request,
      int port,
      Optional<String> runAsUser,
      Optional<ContainerSpec> container)
      throws IOException {
    Properties props = settings.forInstance(request.instanceId(), request.datastore());
    runAsUser.ifPresent(user -> props.setProperty(GuestSettings.RUN_AS_USER, user));
    props.setProperty(GuestSettings.DATA_DIR, request.volumePath());
    if (!config.pgBinDir.isBlank()) {
      props.setProperty(GuestSettings.PG_BIN_DIR, config.pgBinDir);
    }
    props.setProperty(GuestSettings.RUNTIME, runtime);
    if (container.isPresent()) {
      ContainerSpec spec = container.get();
      props.setProperty(GuestSettings.DOCKER_HOST, config.docker.host);
      props.setProperty(GuestSettings.DOCKER_IMAGE, spec.image());
      props.setProperty(GuestSettings.DOCKER_NETWORK, spec.network());
      props.setProperty(GuestSettings.DOCKER_UID, Integer.toString(spec.uid()));
      props.setProperty(GuestSettings.DATASTORE_PORT, Integer.toString(spec.port()));
      props.setProperty(GuestSettings.MEMORY_MB, Integer.toString(spec.memoryMb()));
      props.setProperty(GuestSettings.VCPUS, Integer.toString(spec.vcpus()));
    }
    Files.deleteIfExists(vm.config());
    Files.createFile(vm.config(), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try (Writer out = Files.newBufferedWriter(vm.config(), StandardOpenOption.WRITE)) {
      props.store(out, "guest agent settings for instance " + request.instanceId());
    }
  }

  /**
   * Records a flavor's memory and CPUs in the guest's settings, which a guest starting again reads.
   *
   * @return whether the guest runs its datastore in a container, whose limits must follow
   */
  boolean resize(VmDirectory vm, int memoryMb, int vcpus) throws IOException {
    Properties props =
        updateSettings(
            vm,
            p -> {
              p.setProperty(GuestSettings.MEMORY_MB, Integer.toString(memoryMb));
              p.setProperty(GuestSettings.VCPUS, Integer.toString(vcpus));
            });
    return GuestSettings.RUNTIME_DOCKER.equals(props.getProperty(GuestSettings.RUNTIME));
  }

  /** Whether the guest starts without its datastore (a fenced former source rejoining). */
  void hold(VmDirectory vm, boolean held) throws IOException {
    updateSettings(
        vm,
        p -> {
          if (held) {
            p.setProperty(GuestSettings.HOLD_DATASTORE, "true");
          } else {
            p.remove(GuestSettings.HOLD_DATASTORE);
          }
        });
  }

  /**
   * Changes the guest's settings (a new file renamed over the old, so a guest starting meanwhile
   * reads one or the other whole); answers them as written.
   */
  private static Properties updateSettings(
      VmDirectory vm, java.util.function.Consumer<Properties> change) throws IOException {
    Properties props = new Properties();
    try (var in = Files.newBufferedReader(vm.config())) {
      props.load(in);
    }
    change.accept(props);
    Path next = vm.config().resolveSibling(vm.config().getFileName() + ".next");
    Files.deleteIfExists(next);
    Files.createFile(next, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try (Writer out = Files.newBufferedWriter(next, StandardOpenOption.WRITE)) {
      props.store(out, "guest agent settings for instance " + vm.root().getFileName());
    }
    Files.move(next, vm.config(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return props;
  }

  private String javaCommand() {
    if (!config.javaCommand.isBlank()) {
      return config.javaCommand;
    }
    return ProcessHandle.current().info().command().orElse("java");
  }

  private String classpath() {
    return config.guestClasspath.isBlank()
        ? System.getProperty("java.class.path")
        : config.guestClasspath;
  }
}
