package org.opentrove.api.limits;

import java.util.HashMap;
import java.util.Map;

/**
 * Trove's request rate limits per project ({@code http_*_rate}, per minute), and a project's own
 * where it was given some (Trove's {@code user:} limits). A request over a limit is refused with
 * {@code overLimitStatus} and {@code Retry-After}.
 */
public class RateLimitConfig {
  public boolean enabled = true;

  /**
   * 429 (Too Many Requests) by default; 413 is Trove's own answer, for clients that expect it
   * exactly. The body is Trove's {@code overLimit} either way.
   */
  public int overLimitStatus = 429;

  public Rates defaults = new Rates();

  /** Projects with their own rates; a rate not given is the default one. */
  public Map<String, Rates> projects = new HashMap<>();

  /** Requests per minute by method; {@code mgmtPost} counts POSTs to {@code /mgmt} besides. */
  public static class Rates {
    public Integer get;
    public Integer post;
    public Integer put;
    public Integer delete;
    public Integer mgmtPost;

    /** Trove's defaults: 200 a minute each. */
    public Rates() {}

    Rates over(Rates base) {
      Rates merged = new Rates();
      merged.get = get != null ? get : base.get;
      merged.post = post != null ? post : base.post;
      merged.put = put != null ? put : base.put;
      merged.delete = delete != null ? delete : base.delete;
      merged.mgmtPost = mgmtPost != null ? mgmtPost : base.mgmtPost;
      return merged;
    }

    static Rates trove() {
      Rates rates = new Rates();
      rates.get = 200;
      rates.post = 200;
      rates.put = 200;
      rates.delete = 200;
      rates.mgmtPost = 200;
      return rates;
    }
  }

  /** Refuses, at startup, a rate that is not a positive number of requests a minute. */
  void validate() {
    check("defaults", ratesOf(null));
    projects.forEach((project, rates) -> check("projects." + project, ratesOf(project)));
  }

  private static void check(String where, Rates rates) {
    for (Integer rate :
        new Integer[] {rates.get, rates.post, rates.put, rates.delete, rates.mgmtPost}) {
      if (rate == null || rate <= 0) {
        throw new IllegalArgumentException(
            "api.rateLimits." + where + ": every rate must be a positive number a minute");
      }
    }
  }

  Rates ratesOf(String project) {
    Rates base = defaults.over(Rates.trove());
    Rates own = project == null ? null : projects.get(project);
    return own == null ? base : own.over(base);
  }
}
