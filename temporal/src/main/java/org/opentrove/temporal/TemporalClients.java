package org.opentrove.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

/** Connects to the configured Temporal frontend (a cluster, or the embedded dev server). */
public final class TemporalClients {
  private TemporalClients() {}

  public static WorkflowServiceStubs service(TemporalConfig config) {
    String target = config.isEmbedded() ? "127.0.0.1:" + config.embeddedPort : config.target.trim();
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
  }

  public static WorkflowClient client(WorkflowServiceStubs service, TemporalConfig config) {
    return WorkflowClient.newInstance(
        service, WorkflowClientOptions.newBuilder().setNamespace(config.namespace).build());
  }
}
