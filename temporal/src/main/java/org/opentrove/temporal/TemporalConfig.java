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

  /**
   * Base64 of 32 random bytes: encrypts every workflow payload (AES-256-GCM). All processes of one
   * deployment share it. Dev mode generates one per run when it is {@code embedded}.
   */
  public String payloadKey = EMBEDDED;

  public int embeddedPort = 7233;

  /**
   * Workflows a worker keeps cached (sticky execution). 0 disables stickiness: every workflow task
   * replays the history. The embedded test server does not time out tasks queued for a dead
   * worker's sticky queue (a real cluster does, after 5 s), so dev mode and tests set 0.
   */
  public int workflowCacheSize = 600;

  /** How long a create waits for its guest to report the datastore healthy. */
  public int guestReadyTimeoutSeconds = 600;

  /** Named activity option profiles; see {@link ActivityProfiles}. */
  public Map<String, ActivityProfile> activityProfiles = new LinkedHashMap<>();

  public boolean isEmbedded() {
    return target == null || target.isBlank() || target.equals(EMBEDDED);
  }
}
