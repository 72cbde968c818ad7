package org.opentrove.api.quota;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** What a request would add to a project's usage, per resource. */
public final class QuotaDeltas {
  private final Map<QuotaResource, Long> amounts;

  private QuotaDeltas(Map<QuotaResource, Long> amounts) {
    this.amounts = Collections.unmodifiableMap(amounts);
  }

  public static QuotaDeltas none() {
    return new QuotaDeltas(new EnumMap<>(QuotaResource.class));
  }

  /** {@code count} instances of {@code ramMb} each with {@code volumeGb} each. */
  public static QuotaDeltas instances(int count, int ramMb, int volumeGb) {
    return none()
        .plus(QuotaResource.INSTANCES, count)
        .plus(QuotaResource.RAM, (long) count * ramMb)
        .plus(QuotaResource.VOLUMES, (long) count * volumeGb);
  }

  public static QuotaDeltas of(QuotaResource resource, long amount) {
    return none().plus(resource, amount);
  }

  public QuotaDeltas plus(QuotaResource resource, long amount) {
    EnumMap<QuotaResource, Long> sum = new EnumMap<>(QuotaResource.class);
    sum.putAll(amounts);
    sum.merge(resource, amount, Long::sum);
    return new QuotaDeltas(sum);
  }

  public QuotaDeltas plus(QuotaDeltas other) {
    QuotaDeltas sum = this;
    for (Map.Entry<QuotaResource, Long> entry : other.amounts.entrySet()) {
      sum = sum.plus(entry.getKey(), entry.getValue());
    }
    return sum;
  }

  public Map<QuotaResource, Long> amounts() {
    return amounts;
  }
}
