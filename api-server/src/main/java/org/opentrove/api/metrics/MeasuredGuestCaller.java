package org.opentrove.api.metrics;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import org.opentrove.api.core.GuestCaller;

/**
 * Guest call latency: each synchronous call the API makes to a guest is timed by its method ({@code
 * opentrove.guest.calls.<method>}), and each that ends in an error or no answer counted ({@code
 * opentrove.guest.call_failures.<method>}).
 */
public final class MeasuredGuestCaller implements GuestCaller {
  private final GuestCaller next;
  private final MetricRegistry metrics;

  public MeasuredGuestCaller(GuestCaller next, MetricRegistry metrics) {
    this.next = next;
    this.metrics = metrics;
  }

  @Override
  public JsonNode call(String instanceId, String method, Object args, Duration timeout)
      throws IOException {
    Timer.Context timing = metrics.timer("opentrove.guest.calls." + method).time();
    try {
      return next.call(instanceId, method, args, timeout);
    } catch (IOException | RuntimeException e) {
      metrics.counter("opentrove.guest.call_failures." + method).inc();
      throw e;
    } finally {
      timing.stop();
    }
  }
}
