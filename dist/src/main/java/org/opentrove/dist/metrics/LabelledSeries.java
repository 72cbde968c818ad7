package org.opentrove.dist.metrics;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus's Dropwizard exporter gives one family per Dropwizard metric and refuses two of the
 * same name, so the metrics our label mapping turns into one name with different labels cannot go
 * through it at once. They go through in layers, no name twice in a layer, and each name's families
 * are joined into one holding all their series.
 */
final class LabelledSeries implements MultiCollector {
  private final MetricRegistry metrics;
  private final CustomLabelMapper labels;

  LabelledSeries(MetricRegistry metrics, CustomLabelMapper labels) {
    this.metrics = metrics;
    this.labels = labels;
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, Integer> layerOf = new HashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String name : metrics.getNames()) {
      String exported = PrometheusNaming.sanitizeMetricName(labels.getName(name));
      layerOf.put(name, seen.merge(exported, 1, Integer::sum) - 1);
    }
    int layers = seen.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    Map<String, List<MetricSnapshot>> byName = new LinkedHashMap<>();
    for (int layer = 0; layer < layers; layer++) {
      int current = layer;
      MetricFilter inLayer = (name, metric) -> layerOf.getOrDefault(name, -1) == current;
      for (MetricSnapshot snapshot : new DropwizardExports(metrics, inLayer, labels).collect()) {
        byName
            .computeIfAbsent(snapshot.getMetadata().getPrometheusName(), n -> new ArrayList<>())
            .add(snapshot);
      }
    }
    return joined(byName);
  }

  private static MetricSnapshots joined(Map<String, List<MetricSnapshot>> byName) {
    List<MetricSnapshot> joined = new ArrayList<>();
    for (List<MetricSnapshot> family : byName.values()) {
      joined.add(family.size() == 1 ? family.get(0) : join(family));
    }
    return new MetricSnapshots(joined);
  }

  private static MetricSnapshot join(List<MetricSnapshot> family) {
    MetricSnapshot first = family.get(0);
    if (first instanceof GaugeSnapshot) {
      List<GaugeDataPointSnapshot> points = new ArrayList<>();
      family.forEach(s -> points.addAll(((GaugeSnapshot) s).getDataPoints()));
      return new GaugeSnapshot(first.getMetadata(), points);
    }
    if (first instanceof CounterSnapshot) {
      List<CounterDataPointSnapshot> points = new ArrayList<>();
      family.forEach(s -> points.addAll(((CounterSnapshot) s).getDataPoints()));
      return new CounterSnapshot(first.getMetadata(), points);
    }
    if (first instanceof SummarySnapshot) {
      List<SummaryDataPointSnapshot> points = new ArrayList<>();
      family.forEach(s -> points.addAll(((SummarySnapshot) s).getDataPoints()));
      return new SummarySnapshot(first.getMetadata(), points);
    }
    throw new IllegalStateException(
        "cannot join " + first.getClass().getSimpleName() + " " + first.getMetadata().getName());
  }
}
