package org.opentrove.temporal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where Temporal is and how activities behave. An empty {@code target} means "start the embedded
 * server" (development only).
 */
public class TemporalConfig {
  public String target = "";
  public String namespace = "default";
  public int embeddedPort = 7233;

  /** How long a create waits for its guest to report the datastore healthy. */
  public int guestReadyTimeoutSeconds = 600;

  /** Named activity option profiles; see {@link ActivityProfiles}. */
  public Map<String, ActivityProfile> activityProfiles = new LinkedHashMap<>();

  public boolean isEmbedded() {
    return target == null || target.isBlank();
  }
}
