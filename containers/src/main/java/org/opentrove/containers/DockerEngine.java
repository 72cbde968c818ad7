package org.opentrove.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;

/** A client of the project's own docker daemon (its unix socket, never a TCP endpoint). */
public final class DockerEngine {
  /** Where {@code scripts/lib/docker.sh} starts the project's daemon. */
  public static final String DEFAULT_HOST = "unix:///run/opentrove/docker.sock";

  private DockerEngine() {}

  public static DockerClient connect(String host) {
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    ZerodepDockerHttpClient http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(Duration.ofMinutes(2))
            .maxConnections(8)
            .build();
    return DockerClientImpl.getInstance(config, http);
  }

  /** The images of {@code images} the daemon at {@code host} does not have. */
  public static java.util.List<String> missingImages(
      String host, java.util.Collection<String> images) {
    try (DockerClient client = connect(host)) {
      return images.stream()
          .filter(
              image -> {
                try {
                  client.inspectImageCmd(image).exec();
                  return false;
                } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                  return true;
                }
              })
          .sorted()
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Whether a daemon answers at {@code host}. */
  public static boolean answers(String host) {
    try (DockerClient client = connect(host)) {
      client.pingCmd().exec();
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
