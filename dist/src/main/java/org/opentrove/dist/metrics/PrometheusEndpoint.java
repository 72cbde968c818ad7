package org.opentrove.dist.metrics;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;

/**
 * The process's metrics for Prometheus on the admin port ({@code /prometheus}): Dropwizard's
 * registry (the JVM, Jetty, the connection pool and ours) through Prometheus's own Dropwizard
 * exporter, with our dotted names turned into labels.
 */
public final class PrometheusEndpoint {
  public static final String PATH = "/prometheus";

  private PrometheusEndpoint() {}

  public static void install(Environment environment) {
    PrometheusRegistry registry = registryOf(environment.metrics());
    environment
        .admin()
        .addServlet("prometheus", new PrometheusMetricsServlet(registry))
        .addMapping(PATH);
  }

  /** Our metric names, {@code opentrove.<what>.<label values>}, as names with labels. */
  static CustomLabelMapper labels() {
    return new CustomLabelMapper(
        List.of(
            config(
                "opentrove.api.requests.*.*.*",
                "opentrove_api_requests",
                "method",
                "route",
                "status"),
            config("opentrove.operations.*.*", "opentrove_operations", "type", "state"),
            config("opentrove.activities.*", "opentrove_activities", "activity"),
            config("opentrove.activity_failures.*", "opentrove_activity_failures", "activity"),
            config("opentrove.guest.calls.*", "opentrove_guest_calls", "method"),
            config("opentrove.guest.call_failures.*", "opentrove_guest_call_failures", "method"),
            config("opentrove.quota.in_use.*", "opentrove_quota_in_use", "resource")));
  }

  private static MapperConfig config(String match, String name, String... labels) {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    for (int i = 0; i < labels.length; i++) {
      values.put(labels[i], "${" + i + "}");
    }
    return new MapperConfig(match, name, values);
  }

  /** What the endpoint serves of {@code metrics}. */
  static PrometheusRegistry registryOf(MetricRegistry metrics) {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new LabelledSeries(metrics, labels()));
    return registry;
  }
}
