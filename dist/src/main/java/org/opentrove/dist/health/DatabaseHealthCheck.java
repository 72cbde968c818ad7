package org.opentrove.dist.health;

import com.codahale.metrics.health.HealthCheck;
import org.jdbi.v3.core.Jdbi;

/** The control-plane database answers a query. */
public final class DatabaseHealthCheck extends HealthCheck {
  private final Jdbi jdbi;

  public DatabaseHealthCheck(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  protected Result check() {
    jdbi.withHandle(h -> h.createQuery("select 1").mapTo(Integer.class).one());
    return Result.healthy();
  }
}
