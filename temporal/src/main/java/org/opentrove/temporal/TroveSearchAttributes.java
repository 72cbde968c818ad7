package org.opentrove.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.UUID;

/**
 * The search attributes every operation's workflow carries, so operators can filter by them in
 * Temporal's UI: {@code InstanceId = '...'}, {@code ProjectId = '...'}, {@code Operation =
 * 'instance-create'}.
 */
public final class TroveSearchAttributes {
  public static final SearchAttributeKey<String> INSTANCE_ID =
      SearchAttributeKey.forKeyword("InstanceId");
  public static final SearchAttributeKey<String> PROJECT_ID =
      SearchAttributeKey.forKeyword("ProjectId");
  public static final SearchAttributeKey<String> OPERATION =
      SearchAttributeKey.forKeyword("Operation");

  private TroveSearchAttributes() {}

  /** {@code instanceId} may be null (a stored backup delete started again knows none). */
  public static SearchAttributes of(String operationId, UUID instanceId, String projectId) {
    SearchAttributes.Builder builder =
        SearchAttributes.newBuilder()
            .set(PROJECT_ID, projectId)
            .set(OPERATION, WorkflowIds.typeOf(operationId));
    if (instanceId != null) {
      builder.set(INSTANCE_ID, instanceId.toString());
    }
    return builder.build();
  }

  /** Registers the attributes in the namespace; already registered ones are left as they are. */
  public static void register(WorkflowServiceStubs service, String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      for (SearchAttributeKey<String> key :
          new SearchAttributeKey[] {INSTANCE_ID, PROJECT_ID, OPERATION}) {
        try {
          operator
              .blockingStub()
              .addSearchAttributes(
                  AddSearchAttributesRequest.newBuilder()
                      .setNamespace(namespace)
                      .putSearchAttributes(
                          key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                      .build());
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            throw e;
          }
        }
      }
    } finally {
      operator.shutdown();
    }
  }
}
