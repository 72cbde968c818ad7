package org.opentrove.temporal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where Temporal is and how activities behave. {@code target: embedded} means "start the embedded
 * server" (development only).
 */
public class TemporalConfig {
  public static final String EMBEDDED = "embedded";

  public String target = EMBEDDED;
  public String namespace = "default";
  public int embeddedPort = 7233;

  /** How long a create waits for its guest to report the datastore healthy. */
  public int guestReadyTimeoutSeconds = 600;

  /** Named activity option profiles; see {@link ActivityProfiles}. */
  public Map<String, ActivityProfile> activityProfiles = new LinkedHashMap<>();

  public boolean isEmbedded() {
    return target == null || target.isBlank() || target.equals(EMBEDDED);
  }
}
