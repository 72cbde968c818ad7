package org.opentrove.temporal;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.time.Duration;

/**
 * Chaos tests only ({@link TemporalConfig#activityReportDelayMillis}): every activity, once it has
 * done its work, waits before it reports, so an operation stays inside each step long enough for a
 * test to kill the worker there, after the step's side effects and before Temporal learns of them.
 * Local activities (our own bookkeeping) are not delayed.
 */
final class DelayedActivityReports extends WorkerInterceptorBase {
  private final Duration delay;

  DelayedActivityReports(Duration delay) {
    this.delay = delay;
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private boolean local;

      @Override
      public void init(ActivityExecutionContext context) {
        local = context.getInfo().isLocal();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        try {
          return super.execute(input);
        } finally {
          if (!local) {
            pause();
          }
        }
      }
    };
  }

  private void pause() {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
