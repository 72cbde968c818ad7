package org.opentrove.temporal;

import com.codahale.metrics.MetricRegistry;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
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
   * Sticky execution: a worker keeps workflows cached and gets their next tasks first. The embedded
   * test server never moves a task off a dead worker's sticky queue (a real cluster does after 5
   * s), so a killed worker would strand its workflows there: dev mode and tests turn it off, and
   * every workflow task then replays the (short) history.
   */
  public boolean stickyExecution = true;

  /** The worker options this configuration implies. */
  public WorkerOptions workerOptions() {
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (!stickyExecution) {
      // A zero sticky schedule-to-start timeout makes the SDK ask for no sticky queue at all.
      options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    return options.build();
  }

  /**
   * Chaos tests only: every activity waits this long after its work before it reports, so a test
   * can kill the worker while an operation is inside a given step. 0 (no wait) otherwise.
   */
  public long activityReportDelayMillis = 0;

  /** The worker factory options this configuration implies. */
  public WorkerFactoryOptions workerFactoryOptions() {
    return workerFactoryOptions(new MetricRegistry());
  }

  /** As above, each activity attempt measured in {@code metrics}. */
  public WorkerFactoryOptions workerFactoryOptions(MetricRegistry metrics) {
    WorkerFactoryOptions.Builder options = WorkerFactoryOptions.newBuilder();
    if (activityReportDelayMillis > 0) {
      // the last interceptor is the outermost: the beats go on through the delay
      options.setWorkerInterceptors(
          new MeasuredActivities(metrics),
          new DelayedActivityReports(Duration.ofMillis(activityReportDelayMillis)),
          new HeartbeatingActivities());
    } else {
      options.setWorkerInterceptors(new MeasuredActivities(metrics), new HeartbeatingActivities());
    }
    return options.build();
  }

  /**
   * Register the InstanceId, ProjectId and Operation search attributes at startup (needs operator
   * rights on the namespace). Turn off where an administrator registers them instead.
   */
  public boolean registerSearchAttributes = true;

  /** How long a create waits for its guest to report the datastore healthy. */
  public int guestReadyTimeoutSeconds = 600;

  /**
   * While a create waits for its guest, how often it checks that the server still runs, so that a
   * guest that died fails the create within this bound instead of at the ready timeout.
   */
  public int guestLivenessCheckSeconds = 10;

  /** How long a backup may stream before it is given up. */
  public int backupTimeoutSeconds = 24 * 3600;

  /** Named activity option profiles; see {@link ActivityProfiles}. */
  public Map<String, ActivityProfile> activityProfiles = new LinkedHashMap<>();

  public boolean isEmbedded() {
    return target == null || target.isBlank() || target.equals(EMBEDDED);
  }
}
