package org.opentrove.dist.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jvm.MemoryUsageGaugeSet;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Our dotted metric names become Prometheus names with labels. */
class PrometheusEndpointTest {
  @Test
  void ourNamesBecomeLabelledSeries() throws Exception {
    MetricRegistry metrics = new MetricRegistry();
    metrics.registerAll("jvm.memory", new MemoryUsageGaugeSet());
    metrics
        .timer("opentrove.api.requests.POST./instances/{id}/action.202")
        .update(5, TimeUnit.MILLISECONDS);
    metrics.timer("opentrove.api.requests.GET.unmatched.401").update(1, TimeUnit.MILLISECONDS);
    metrics.gauge("opentrove.operations.instance-create.FAILED", () -> () -> 2L);
    metrics.gauge("opentrove.operations.backup-create.SUCCEEDED", () -> () -> 1L);
    metrics.timer("opentrove.activities.CreateServer").update(3, TimeUnit.SECONDS);
    metrics.counter("opentrove.activity_failures.CreateServer").inc();
    metrics.timer("opentrove.guest.calls.list_databases").update(20, TimeUnit.MILLISECONDS);
    metrics.gauge("opentrove.quota.in_use.instances", () -> () -> 4L);
    metrics.histogram("opentrove.conductor.lag_ms").update(12);
    metrics.counter("opentrove.conductor.dead_letters").inc();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false)
        .write(out, PrometheusEndpoint.registryOf(metrics).scrape());
    String text = out.toString(StandardCharsets.UTF_8);

    assertThat(text)
        .contains(
            "opentrove_api_requests_count{method=\"POST\",route=\"/instances/{id}/action\",status=\"202\"} 1")
        .contains("opentrove_operations{state=\"FAILED\",type=\"instance-create\"} 2.0")
        .contains("opentrove_activities_count{activity=\"CreateServer\"} 1")
        .contains("opentrove_activity_failures_total{activity=\"CreateServer\"} 1.0")
        .contains("opentrove_guest_calls_count{method=\"list_databases\"} 1")
        .contains("opentrove_quota_in_use{resource=\"instances\"} 4.0")
        .contains("opentrove_conductor_dead_letters_total 1.0");
  }
}
