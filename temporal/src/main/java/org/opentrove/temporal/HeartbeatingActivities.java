package org.opentrove.temporal;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every activity with a heartbeat timeout heartbeats on its own while it runs, a few times per
 * timeout, so a worker killed inside any step is noticed within that timeout and the activity is
 * retried on a live worker, instead of after its whole start-to-close timeout. The beats come from
 * this process being alive, not from the activity making progress: an activity hung on a live
 * worker is still ended by its start-to-close timeout, as without heartbeats. Local activities run
 * inside the workflow's own task and need none.
 */
final class HeartbeatingActivities extends WorkerInterceptorBase {
  private static final Duration FASTEST = Duration.ofMillis(200);

  private final ScheduledExecutorService beats =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "activity-heartbeats");
            thread.setDaemon(true);
            return thread;
          });

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        this.context = context;
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        Duration timeout = context.getInfo().getHeartbeatTimeout();
        if (context.getInfo().isLocal() || timeout == null || timeout.isZero()) {
          return super.execute(input);
        }
        long every = Math.max(FASTEST.toMillis(), timeout.toMillis() / 4);
        ScheduledFuture<?> beating =
            beats.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
        try {
          return super.execute(input);
        } finally {
          beating.cancel(false);
        }
      }

      private void beat() {
        try {
          context.heartbeat(null);
        } catch (ActivityCompletionException ended) {
          // cancelled or timed out: no more beats (the exception ends this schedule)
          throw ended;
        }
      }
    };
  }
}
