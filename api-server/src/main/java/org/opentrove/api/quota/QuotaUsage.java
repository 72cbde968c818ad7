package org.opentrove.api.quota;

/** One resource of Trove's quota show: held now, reserved by unfinished operations, the limit. */
public record QuotaUsage(QuotaResource resource, long inUse, long reserved, int limit) {
  boolean allows(long delta) {
    return delta <= 0 || limit < 0 || inUse + reserved + delta <= limit;
  }
}
