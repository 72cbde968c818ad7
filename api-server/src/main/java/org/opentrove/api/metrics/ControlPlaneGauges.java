package org.opentrove.api.metrics;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.MetricRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.quota.QuotaResource;
import org.opentrove.api.quota.Quotas;
import org.opentrove.model.OperationType;
import org.opentrove.store.OperationState;
import org.opentrove.store.QuotaDao;
import org.opentrove.store.QuotaUsageRow;

/**
 * The control plane's state as gauges, read from the database at most every few seconds: its
 * operations by type and state ({@code opentrove.operations.<type>.<state>}: an operation that
 * failed is counted FAILED until it is retried) and every project's quota usage summed by resource
 * ({@code opentrove.quota.in_use.<resource>}).
 */
public final class ControlPlaneGauges {
  private static final long FRESH_SECONDS = 5;

  private ControlPlaneGauges() {}

  public static void register(MetricRegistry metrics, Jdbi jdbi) {
    CachedGauge<Map<String, Long>> operations =
        new CachedGauge<>(FRESH_SECONDS, TimeUnit.SECONDS) {
          @Override
          protected Map<String, Long> loadValue() {
            return jdbi.withHandle(
                h ->
                    h.createQuery(
                            "select type || '.' || state as key, count(*) as n from operations"
                                + " group by type, state")
                        .reduceRows(
                            new java.util.HashMap<String, Long>(),
                            (map, row) -> {
                              map.put(
                                  row.getColumn("key", String.class),
                                  row.getColumn("n", Long.class));
                              return map;
                            }));
          }
        };
    for (OperationType type : OperationType.values()) {
      for (OperationState state : OperationState.values()) {
        String key = type.code() + "." + state.name();
        metrics.gauge(
            "opentrove.operations." + key, () -> () -> operations.getValue().getOrDefault(key, 0L));
      }
    }
    CachedGauge<QuotaUsageRow> quotas =
        new CachedGauge<>(FRESH_SECONDS, TimeUnit.SECONDS) {
          @Override
          protected QuotaUsageRow loadValue() {
            return jdbi.withExtension(QuotaDao.class, QuotaDao::inUseByAll);
          }
        };
    for (QuotaResource resource : QuotaResource.values()) {
      metrics.gauge(
          "opentrove.quota.in_use." + resource.troveName(),
          () -> () -> Quotas.heldOf(quotas.getValue(), resource));
    }
  }
}
