package org.opentrove.activities.store;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.store.ClusterDao;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationState;
import org.opentrove.temporal.activities.store.ClusterStoreActivities;

public class ClusterStoreActivitiesImpl implements ClusterStoreActivities {
  private final Jdbi jdbi;
  private final Clock clock;

  public ClusterStoreActivitiesImpl(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public void finishClusterOperation(
      UUID clusterId, String operationId, String step, String fault) {
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          h.attach(ClusterDao.class).resetTask(clusterId, now);
          OperationDao operations = h.attach(OperationDao.class);
          operations.finish(
              operationId,
              fault == null ? OperationState.SUCCEEDED : OperationState.FAILED,
              fault,
              now);
        });
  }

  @Override
  public void recordClusterDeleted(UUID clusterId, String operationId) {
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          h.attach(ClusterDao.class).markDeleted(clusterId, now);
          h.attach(OperationDao.class).finish(operationId, OperationState.SUCCEEDED, null, now);
        });
  }
}
