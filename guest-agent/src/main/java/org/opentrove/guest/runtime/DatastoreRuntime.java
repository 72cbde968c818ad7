package org.opentrove.guest.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.opentrove.containers.ContainerSpec;
import org.opentrove.containers.DatastoreContainers;
import org.opentrove.containers.MountTable;
import org.opentrove.guest.ContainerSettings;
import org.opentrove.guest.GuestAgentConfig;
import org.opentrove.guest.GuestConfigException;
import org.opentrove.guest.os.ContainerExec;
import org.opentrove.guest.os.ProcessResult;
import org.opentrove.guest.os.ProcessRunner;
import org.opentrove.guest.os.RunAs;
import org.opentrove.guest.os.VolumeTop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where this instance's datastore runs: on this host as {@code osUser} ({@code process}), or in the
 * instance's own container ({@code docker}), which the agent creates, or adopts after a restart,
 * before anything else.
 */
public final class DatastoreRuntime {
  private static final Logger log = LoggerFactory.getLogger(DatastoreRuntime.class);
  private static final Duration DRIVER_START_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration ACCOUNTS_TIMEOUT = Duration.ofSeconds(30);
  private static final long POLL_MILLIS = 20;
  private static final String NO_SUCH_CONTAINER = "No such container";

  private DatastoreRuntime() {}

  /**
   * @param osUser the datastore's OS user: on this host the one it runs as (unless {@code
   *     run_as_user} names another), in the image the account whose uid becomes the instance's
   */
  public static RunAs open(GuestAgentConfig config, String osUser, ProcessRunner runner) {
    ContainerSettings settings = config.container();
    RunAs runAs =
        settings == null
            ? RunAs.resolve(config.runAsUser(), osUser, runner).onItsOwnServer(config.ownServer())
            : inContainer(config, settings, osUser, runner);
    try {
      VolumeTop.secure(config.dataDir(), runAs);
    } catch (IOException e) {
      throw new GuestConfigException("cannot take " + config.dataDir() + " for the agent: " + e, e);
    }
    return runAs;
  }

  /**
   * What runs the datastore, for the log: in a container its image, which pins the version (asking
   * the binary would cost a create one more exec); on this host what {@code version} says.
   */
  public static String describe(GuestAgentConfig config, Supplier<String> version) {
    ContainerSettings settings = config.container();
    return settings == null ? version.get() : "image " + settings.image();
  }

  /**
   * The compute driver makes the container and starts it while this agent boots; the agent waits
   * for it, and makes or starts it itself only when it does not come (a container removed behind
   * the driver's back).
   */
  private static RunAs inContainer(
      GuestAgentConfig config, ContainerSettings settings, String osUser, ProcessRunner runner) {
    String name = DatastoreContainers.name(config.instanceId());
    ContainerExec exec =
        new ContainerExec(
            settings.dockerHost(),
            name,
            new ContainerId(settings.dockerHost(), name, runner),
            settings.uid(),
            config.dataDir());
    RunAs runAs = RunAs.inContainer(exec, osUser, runner);
    Path dir = config.dataDir();
    if (awaitAccounts(runAs, osUser, runner, dir, DRIVER_START_TIMEOUT).isPresent()) {
      log.info("container {} is missing or did not start; the agent runs it itself", name);
      ensureRunning(config, settings, runner);
      awaitAccounts(runAs, osUser, runner, dir, ACCOUNTS_TIMEOUT)
          .ifPresent(
              last -> {
                throw new GuestConfigException(
                    "the container never gave " + osUser + " its uid: " + last);
              });
    }
    log.info("datastore runs in container {} as uid {}", name, settings.uid());
    return runAs;
  }

  private static void ensureRunning(
      GuestAgentConfig config, ContainerSettings settings, ProcessRunner runner) {
    boolean propagate = RunAs.isRoot() && MountTable.isMountPoint(config.dataDir());
    if (propagate) {
      // As the volume driver leaves it: the reserved area, mounted inside later, must reach it.
      runner.runChecked(
          "share the volume's mount",
          List.of("mount", "--make-shared", config.dataDir().toString()),
          Path.of("/"),
          Duration.ofSeconds(30));
    }
    try (DatastoreContainers containers = DatastoreContainers.connect(settings.dockerHost())) {
      containers.ensureRunning(
          new ContainerSpec(
              config.instanceId(),
              settings.image(),
              settings.uid(),
              config.dataDir(),
              settings.port(),
              settings.memoryMb(),
              settings.vcpus(),
              settings.network(),
              propagate));
    } catch (RuntimeException e) {
      throw new GuestConfigException(
          "cannot run the datastore's container on " + settings.dockerHost() + ": " + e, e);
    }
  }

  /**
   * Waits until the container runs and its first process has given the datastore's user its uid;
   * empty when it did, else what the last attempt said. A container that does not exist at all ends
   * the wait at once: the driver makes it before it starts the agent.
   */
  private static Optional<String> awaitAccounts(
      RunAs runAs, String osUser, ProcessRunner runner, Path dir, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ProcessResult result =
          runner.run("id -un", runAs.wrap(List.of("id", "-un")), dir, Duration.ofSeconds(10));
      if (result.exitCode() == 0 && result.tailText().strip().equals(osUser)) {
        return Optional.empty();
      }
      if (System.nanoTime() > deadline || result.tailText().contains(NO_SUCH_CONTAINER)) {
        return Optional.of(result.tailText().strip());
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GuestConfigException("interrupted while the container started", e);
      }
    }
  }

  /** The container's full id, asked of the daemon once, when first needed. */
  private static final class ContainerId implements Supplier<String> {
    private final String dockerHost;
    private final String name;
    private final ProcessRunner runner;
    private volatile String id;

    ContainerId(String dockerHost, String name, ProcessRunner runner) {
      this.dockerHost = dockerHost;
      this.name = name;
      this.runner = runner;
    }

    @Override
    public String get() {
      String known = id;
      if (known == null) {
        known =
            runner
                .runChecked(
                    "docker inspect",
                    List.of("docker", "-H", dockerHost, "inspect", "--format", "{{.Id}}", name),
                    Path.of("/"),
                    Duration.ofSeconds(30))
                .tailText()
                .strip();
        id = known;
      }
      return known;
    }
  }
}
