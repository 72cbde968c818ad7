package org.opentrove.dist.health;

import com.codahale.metrics.health.HealthCheck;
import io.temporal.client.WorkflowClient;

/** Temporal's frontend answers its gRPC health check. */
public final class TemporalHealthCheck extends HealthCheck {
  private final WorkflowClient client;

  public TemporalHealthCheck(WorkflowClient client) {
    this.client = client;
  }

  @Override
  protected Result check() {
    client.getWorkflowServiceStubs().healthCheck();
    return Result.healthy();
  }
}
