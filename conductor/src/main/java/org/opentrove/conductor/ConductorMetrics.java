package org.opentrove.conductor;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.MetricRegistry;

/**
 * What an operator watches of the conductor: how far behind the guests' reports it applies them
 * ({@code opentrove.conductor.lag_ms}, from a heartbeat's send time to its commit) and how many
 * messages it set aside as dead letters ({@code opentrove.conductor.dead_letters}).
 */
final class ConductorMetrics {
  private final Histogram lag;
  private final Counter deadLetters;

  ConductorMetrics(MetricRegistry metrics) {
    this.lag = metrics.histogram("opentrove.conductor.lag_ms");
    this.deadLetters = metrics.counter("opentrove.conductor.dead_letters");
  }

  void applied(GuestReport report, long nowMillis) {
    if (report instanceof GuestReport.Beat beat && beat.sent() > 0) {
      lag.update(Math.max(0, nowMillis - Math.round(beat.sent() * 1000)));
    }
  }

  void deadLettered() {
    deadLetters.inc();
  }
}
