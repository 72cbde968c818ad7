package org.opentrove.guest.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.opentrove.containers.ContainerSpec;
import org.opentrove.containers.DatastoreContainers;
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
  private static final Duration ACCOUNTS_TIMEOUT = Duration.ofSeconds(30);

  private DatastoreRuntime() {}

  /**
   * @param osUser the datastore's OS user: on this host the one it runs as (unless {@code
   *     run_as_user} names another), in the image the account whose uid becomes the instance's
   */
  public static RunAs open(GuestAgentConfig config, String osUser, ProcessRunner runner) {
    ContainerSettings settings = config.container();
    RunAs runAs =
        settings == null
            ? RunAs.resolve(config.runAsUser(), osUser, runner)
            : inContainer(config, settings, osUser, runner);
    try {
      VolumeTop.secure(config.dataDir(), runAs);
    } catch (IOException e) {
      throw new GuestConfigException("cannot take " + config.dataDir() + " for the agent: " + e, e);
    }
    return runAs;
  }

  private static RunAs inContainer(
      GuestAgentConfig config, ContainerSettings settings, String osUser, ProcessRunner runner) {
    String id;
    try (DatastoreContainers containers = DatastoreContainers.connect(settings.dockerHost())) {
      id =
          containers.ensureRunning(
              new ContainerSpec(
                  config.instanceId(),
                  settings.image(),
                  settings.uid(),
                  config.dataDir(),
                  settings.port(),
                  settings.memoryMb(),
                  settings.vcpus(),
                  settings.network()));
    } catch (RuntimeException e) {
      throw new GuestConfigException(
          "cannot run the datastore's container on " + settings.dockerHost() + ": " + e, e);
    }
    ContainerExec exec =
        new ContainerExec(
            settings.dockerHost(),
            DatastoreContainers.name(config.instanceId()),
            id,
            settings.uid(),
            config.dataDir());
    RunAs runAs = RunAs.inContainer(exec, osUser, runner);
    awaitAccounts(runAs, osUser, runner, config.dataDir());
    log.info("datastore runs in container {} as uid {}", id.substring(0, 12), settings.uid());
    return runAs;
  }

  /** Waits until the container's first process has given the datastore's user its uid. */
  private static void awaitAccounts(RunAs runAs, String osUser, ProcessRunner runner, Path dir) {
    long deadline = System.nanoTime() + ACCOUNTS_TIMEOUT.toNanos();
    while (true) {
      ProcessResult result =
          runner.run("id -un", runAs.wrap(List.of("id", "-un")), dir, Duration.ofSeconds(10));
      if (result.exitCode() == 0 && result.tailText().strip().equals(osUser)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new GuestConfigException(
            "the container never gave " + osUser + " its uid: " + result.tailText().strip());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GuestConfigException("interrupted while the container started", e);
      }
    }
  }
}
