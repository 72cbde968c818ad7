package org.opentrove.temporal;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;

/**
 * How long each kind of step takes: every activity attempt is timed by its type ({@code
 * opentrove.activities.<type>}) and each failed attempt counted ({@code
 * opentrove.activity_failures.<type>}), in the process's metric registry.
 */
public final class MeasuredActivities extends WorkerInterceptorBase {
  private final MetricRegistry metrics;

  public MeasuredActivities(MetricRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private String type = "unknown";

      @Override
      public void init(ActivityExecutionContext context) {
        type = context.getInfo().getActivityType();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        Timer.Context timing = metrics.timer("opentrove.activities." + type).time();
        try {
          return super.execute(input);
        } catch (RuntimeException | Error e) {
          metrics.counter("opentrove.activity_failures." + type).inc();
          throw e;
        } finally {
          timing.stop();
        }
      }
    };
  }
}
