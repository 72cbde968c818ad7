package org.opentrove.activities.compute;

import java.util.List;
import org.opentrove.containers.DockerEngine;
import org.opentrove.contract.GuestSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Resolves {@code compute.local.runtime} once, when the driver starts, and says which it is. */
final class DatastoreRuntimeChoice {
  private static final Logger LOG = LoggerFactory.getLogger(DatastoreRuntimeChoice.class);

  private DatastoreRuntimeChoice() {}

  private static List<String> missingImages(LocalComputeConfig config) {
    return DockerEngine.missingImages(config.docker.host, config.docker.images.values());
  }

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
            List<String> missing = missingImages(config);
            if (!missing.isEmpty()) {
              throw new IllegalStateException(
                  "compute.local.runtime is docker but the daemon has no "
                      + missing
                      + " (build them with ./trove images)");
            }
            yield GuestSettings.RUNTIME_DOCKER;
          }
          case "auto" -> {
            if (!DockerEngine.answers(config.docker.host)) {
              yield GuestSettings.RUNTIME_PROCESS;
            }
            List<String> missing = missingImages(config);
            if (!missing.isEmpty()) {
              LOG.warn(
                  "a docker daemon answers but has no {} (./trove images builds them): using the"
                      + " process runtime",
                  missing);
              yield GuestSettings.RUNTIME_PROCESS;
            }
            yield GuestSettings.RUNTIME_DOCKER;
          }
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
