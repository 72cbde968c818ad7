package org.opentrove.temporal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps activity types to named option profiles once, at worker registration, from the {@link
 * UsesProfile} annotation on each activity method; workflow code never builds activity options.
 * Profiles: {@code default}, {@code short} (quick calls that should give up fast, such as stopping
 * a guest that may be gone), {@code compute} (starting and deleting servers) and {@code wait}
 * (polling inside the activity, with heartbeats).
 */
public final class ActivityProfiles {
  public static final String DEFAULT = "default";
  public static final String SHORT = "short";
  public static final String COMPUTE = "compute";
  public static final String WAIT = "wait";

  static final Duration LOCAL_RETRY_WINDOW = Duration.ofHours(1);

  private ActivityProfiles() {}

  public static Map<String, ActivityProfile> defaults() {
    Map<String, ActivityProfile> profiles = new HashMap<>();
    // Every activity heartbeats while its worker lives (HeartbeatingActivities): one lost with a
    // killed worker is retried after the heartbeat timeout; start-to-close bounds a hung one.
    profiles.put(DEFAULT, new ActivityProfile(15, 5, 0));
    profiles.put(SHORT, new ActivityProfile(45, 5, 2));
    // A compute driver that keeps failing ends the create in ERROR (compensated) instead of
    // retrying forever and leaving the instance in BUILD.
    profiles.put(COMPUTE, new ActivityProfile(90, 5, 10));
    // Waits that poll inside the activity: long, but a dead worker is noticed by its heartbeat.
    profiles.put(WAIT, new ActivityProfile(900, 10, 3));
    return profiles;
  }

  /**
   * Options for workflows calling {@code activities} (implementations or their interfaces): each
   * activity method annotated with {@link UsesProfile} runs under that profile.
   */
  public static WorkflowImplementationOptions workflowOptions(
      Map<String, ActivityProfile> config, Object... activities) {
    Map<String, ActivityProfile> profiles = defaults();
    profiles.putAll(config);
    Map<String, ActivityOptions> perActivity = new HashMap<>();
    profilesOfActivities(activities)
        .forEach(
            (activity, profile) -> {
              ActivityProfile chosen = profiles.get(profile);
              if (chosen == null) {
                throw new IllegalArgumentException(
                    "activity " + activity + " names an unknown profile: " + profile);
              }
              perActivity.put(activity, options(chosen));
            });
    return WorkflowImplementationOptions.newBuilder()
        .setDefaultActivityOptions(options(profiles.get(DEFAULT)))
        .setDefaultLocalActivityOptions(localOptions(profiles.get(DEFAULT)))
        .setActivityOptions(perActivity)
        .build();
  }

  /** Activity type name to profile name, read from the activity interfaces' annotations. */
  static Map<String, String> profilesOfActivities(Object... activities) {
    Map<String, String> result = new HashMap<>();
    for (Object activity : activities) {
      Class<?> type = activity instanceof Class<?> c ? c : activity.getClass();
      for (Class<?> activityInterface : activityInterfaces(type)) {
        for (Method method : activityInterface.getMethods()) {
          UsesProfile profile = method.getAnnotation(UsesProfile.class);
          if (profile != null) {
            result.put(activityTypeName(method), profile.value());
          }
        }
      }
    }
    return result;
  }

  private static Set<Class<?>> activityInterfaces(Class<?> type) {
    Set<Class<?>> found = new LinkedHashSet<>();
    Deque<Class<?>> toVisit = new ArrayDeque<>(List.of(type));
    while (!toVisit.isEmpty()) {
      Class<?> next = toVisit.pop();
      if (next.isInterface() && next.isAnnotationPresent(ActivityInterface.class)) {
        found.add(next);
      }
      toVisit.addAll(List.of(next.getInterfaces()));
      if (next.getSuperclass() != null) {
        toVisit.add(next.getSuperclass());
      }
    }
    return found;
  }

  private static String activityTypeName(Method method) {
    ActivityMethod named = method.getAnnotation(ActivityMethod.class);
    if (named != null && !named.name().isEmpty()) {
      return named.name();
    }
    String name = method.getName();
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  static ActivityOptions options(ActivityProfile profile) {
    RetryOptions.Builder retry =
        RetryOptions.newBuilder()
            .setInitialInterval(seconds(profile.initialIntervalSeconds))
            .setMaximumInterval(seconds(profile.maximumIntervalSeconds))
            .setBackoffCoefficient(2.0)
            .setDoNotRetry(NonRetryable.TYPES);
    if (profile.maximumAttempts > 0) {
      retry.setMaximumAttempts(profile.maximumAttempts);
    }
    ActivityOptions.Builder builder =
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(profile.startToCloseSeconds))
            .setRetryOptions(retry.build());
    if (profile.heartbeatSeconds > 0) {
      builder.setHeartbeatTimeout(Duration.ofSeconds(profile.heartbeatSeconds));
    }
    return builder.build();
  }

  /**
   * Local activities: quick bookkeeping in our own database, run inside the workflow's worker. They
   * retry through a control-plane database outage of up to {@link #LOCAL_RETRY_WINDOW}. The SDK
   * does not retry a local activity at all when it has neither a schedule-to-close timeout nor a
   * maximum number of attempts, so the window is also what turns retries on.
   */
  static LocalActivityOptions localOptions(ActivityProfile profile) {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(profile.startToCloseSeconds))
        .setScheduleToCloseTimeout(LOCAL_RETRY_WINDOW)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(seconds(profile.initialIntervalSeconds))
                .setMaximumInterval(seconds(profile.maximumIntervalSeconds))
                .build())
        .build();
  }

  private static Duration seconds(double value) {
    return Duration.ofMillis(Math.round(value * 1000));
  }
}
