package org.opentrove.activities.compute;

import java.util.Map;
import org.opentrove.containers.DockerEngine;

/** The docker runtime: the project's daemon, its isolated network, an image per datastore. */
public class DockerRuntimeConfig {
  public String host = DockerEngine.DEFAULT_HOST;

  /** Made by {@code scripts/lib/docker.sh}: no traffic from containers to the host or beyond. */
  public String network = "opentrove";

  /** The network's bridge device ({@code trove0}), where a replica's path to its source opens. */
  public String bridge = "trove0";

  public Map<String, String> images =
      Map.of("postgresql", "opentrove/postgresql:15", "mariadb", "opentrove/mariadb:10.11");
}
