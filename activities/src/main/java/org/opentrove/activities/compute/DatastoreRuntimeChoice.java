package org.opentrove.activities.compute;

import org.opentrove.containers.DockerEngine;
import org.opentrove.contract.GuestSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Resolves {@code compute.local.runtime} once, when the driver starts, and says which it is. */
final class DatastoreRuntimeChoice {
  private static final Logger LOG = LoggerFactory.getLogger(DatastoreRuntimeChoice.class);

  private DatastoreRuntimeChoice() {}

  static String resolve(LocalComputeConfig config) {
    String runtime =
        switch (config.runtime) {
          case GuestSettings.RUNTIME_PROCESS -> GuestSettings.RUNTIME_PROCESS;
          case GuestSettings.RUNTIME_DOCKER -> {
            if (!DockerEngine.answers(config.docker.host)) {
              throw new IllegalStateException(
                  "compute.local.runtime is docker but no docker daemon answers at "
                      + config.docker.host
                      + " (start it with scripts/lib/docker.sh ensure_dockerd, or use process)");
            }
            yield GuestSettings.RUNTIME_DOCKER;
          }
          case "auto" ->
              DockerEngine.answers(config.docker.host)
                  ? GuestSettings.RUNTIME_DOCKER
                  : GuestSettings.RUNTIME_PROCESS;
          default ->
              throw new IllegalArgumentException(
                  "compute.local.runtime must be process, docker or auto, not '"
                      + config.runtime
                      + "'");
        };
    LOG.info(
        "datastore runtime: {}{}",
        runtime,
        runtime.equals(GuestSettings.RUNTIME_DOCKER)
            ? " (a container per instance on " + config.docker.host + ")"
            : " (datastores run as host processes)");
    return runtime;
  }
}
