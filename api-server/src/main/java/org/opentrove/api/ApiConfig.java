package org.opentrove.api;

import org.opentrove.api.auth.KeystoneConfig;
import org.opentrove.api.limits.RateLimitConfig;
import org.opentrove.api.quota.QuotaConfig;

/** The API's own settings (the rest of config.yml belongs to other parts). */
public class ApiConfig {
  /**
   * {@code keystone}: tokens are validated at Keystone ({@link #keystone}). {@code noauth}: the
   * token must equal the project id in the URL (Trove's test convention); the API then refuses to
   * listen anywhere but on loopback.
   */
  public String authMode = "noauth";

  /** Where and as whom tokens are validated in {@code keystone} mode. */
  public KeystoneConfig keystone = new KeystoneConfig();

  /**
   * {@code noauth} mode's {@code X-Auth-Token} of the administrator: accepted on every project and
   * the only token allowed admin actions such as {@code reset_status}. Unset: no one is an
   * administrator. In {@code keystone} mode, Keystone's roles say who is.
   */
  public String adminToken;

  /** A guest silent for longer than this is shown as unknown ({@code operating_status} ERROR). */
  public double heartbeatExpirySeconds = 20;

  /**
   * An operation committed this long ago whose workflow never started (the API died between the
   * two) is started by the reconciler, which looks every {@code reconcilePeriodSeconds}.
   */
  public double reconcileGraceSeconds = 10;

  public double reconcilePeriodSeconds = 5;

  /** The datastore of a create that names none (Trove's {@code default_datastore}). */
  public String defaultDatastore = "postgresql";

  /**
   * How long a synchronous guest call (databases, users, root) may take before the API answers 504;
   * the guest drops a call whose deadline passed, so a late answer changes nothing.
   */
  public double guestCallTimeoutSeconds = 30;

  /**
   * Automatic failover (a set's {@code auto_failover}): a source whose last heartbeat is older than
   * this is ejected by the failover monitor, which looks every {@code failoverCheckSeconds}; a set
   * fails over at most once per {@code failoverDampingSeconds}.
   */
  public double failoverGraceSeconds = 15;

  public double failoverCheckSeconds = 1;

  public double failoverDampingSeconds = 300;

  /** Trove's {@code instances_page_size}: the most instances one list answers (its limit too). */
  public int instancesPageSize = 20;

  /** Trove's {@code backups_page_size}: the backups one list answers unless it asks for more. */
  public int backupsPageSize = 20;

  /** Largest volume a tenant may request, in GB. */
  public int maxVolumeSizeGb = 1000;

  /** Each project's limits unless it was given its own (Trove's {@code max_*_per_tenant}). */
  public QuotaConfig quotas = new QuotaConfig();

  /** Each project's request rates (Trove's {@code http_*_rate}). */
  public RateLimitConfig rateLimits = new RateLimitConfig();
}
