package org.opentrove.temporal.activities.store;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.UUID;

/** A cluster's own records, as its workflows change them; each a compare-and-set. */
@ActivityInterface
public interface ClusterStoreActivities {
  /**
   * Ends a cluster operation: the cluster's task back to NONE and the operation SUCCEEDED, or
   * FAILED at {@code step} with {@code fault} (null for success). One transaction.
   */
  @ActivityMethod(name = "FinishClusterOperation")
  void finishClusterOperation(UUID clusterId, String operationId, String step, String fault);

  /** The cluster is gone (its members were deleted): marked deleted, operation SUCCEEDED. */
  @ActivityMethod(name = "RecordClusterDeleted")
  void recordClusterDeleted(UUID clusterId, String operationId);
}
