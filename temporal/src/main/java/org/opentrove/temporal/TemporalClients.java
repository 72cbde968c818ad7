package org.opentrove.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.List;

/** Connects to the configured Temporal frontend (a cluster, or the embedded dev server). */
public final class TemporalClients {
  private TemporalClients() {}

  public static WorkflowServiceStubs service(TemporalConfig config) {
    String target = config.isEmbedded() ? "127.0.0.1:" + config.embeddedPort : config.target.trim();
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
  }

  /** A client whose payloads are encrypted with {@code temporal.payloadKey}. */
  public static WorkflowClient client(WorkflowServiceStubs service, TemporalConfig config) {
    if (config.payloadKey == null
        || config.payloadKey.isBlank()
        || config.payloadKey.equals(TemporalConfig.EMBEDDED)) {
      throw new IllegalStateException(
          "temporal.payloadKey is not configured (base64 of 32 random bytes, e.g. `openssl rand"
              + " -base64 32`, in TROVE_PAYLOAD_KEY); it encrypts workflow payloads, which carry passwords."
              + " Only `./trove dev` makes one up");
    }
    DataConverter converter =
        new CodecDataConverter(
            DefaultDataConverter.newDefaultInstance(),
            List.of(EncryptingPayloadCodec.fromBase64(config.payloadKey)));
    return WorkflowClient.newInstance(
        service,
        WorkflowClientOptions.newBuilder()
            .setNamespace(config.namespace)
            .setDataConverter(converter)
            .build());
  }
}
