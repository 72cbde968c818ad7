package org.opentrove.guest;

import java.util.Properties;
import org.opentrove.containers.ContainerSpec;
import org.opentrove.contract.GuestSettings;

/**
 * The docker runtime's settings for this instance: where the project's daemon listens, the
 * datastore image, the isolated network, the instance's own uid, its published port and the
 * flavor's limits.
 */
public record ContainerSettings(
    String dockerHost, String image, String network, int uid, int port, int memoryMb, int vcpus) {

  public ContainerSettings {
    if (!dockerHost.startsWith("unix://")) {
      throw invalid(GuestSettings.DOCKER_HOST, "must be a unix:// socket");
    }
    if (uid < ContainerSpec.MIN_UID) {
      throw invalid(GuestSettings.DOCKER_UID, "must be at least " + ContainerSpec.MIN_UID);
    }
    if (port < 1 || port > 65535) {
      throw invalid(GuestSettings.DATASTORE_PORT, "must be a TCP port");
    }
    if (memoryMb < 64 || vcpus < 1) {
      throw invalid(GuestSettings.MEMORY_MB, "and vcpus must be at least 64 MiB and 1");
    }
  }

  /** The settings when {@code runtime} is {@code docker}; null for the process runtime. */
  static ContainerSettings fromProperties(Properties p) {
    String runtime = p.getProperty(GuestSettings.RUNTIME, GuestSettings.RUNTIME_PROCESS).trim();
    if (runtime.equals(GuestSettings.RUNTIME_PROCESS)) {
      return null;
    }
    if (!runtime.equals(GuestSettings.RUNTIME_DOCKER)) {
      throw invalid(GuestSettings.RUNTIME, "must be process or docker, not '" + runtime + "'");
    }
    return new ContainerSettings(
        required(p, GuestSettings.DOCKER_HOST),
        required(p, GuestSettings.DOCKER_IMAGE),
        required(p, GuestSettings.DOCKER_NETWORK),
        number(p, GuestSettings.DOCKER_UID),
        number(p, GuestSettings.DATASTORE_PORT),
        number(p, GuestSettings.MEMORY_MB),
        number(p, GuestSettings.VCPUS));
  }

  private static String required(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new GuestConfigException("property '" + key + "' is required for the docker runtime");
    }
    return value.trim();
  }

  private static int number(Properties p, String key) {
    String value = required(p, key);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw invalid(key, "'" + value + "' is not a number");
    }
  }

  private static GuestConfigException invalid(String key, String why) {
    return new GuestConfigException("property '" + key + "' " + why);
  }
}
