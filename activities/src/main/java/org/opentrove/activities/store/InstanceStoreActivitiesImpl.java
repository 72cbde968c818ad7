package org.opentrove.activities.store;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.model.InstanceTask;
import org.opentrove.model.OperationType;
import org.opentrove.store.FaultDao;
import org.opentrove.store.FenceDao;
import org.opentrove.store.FlavorDao;
import org.opentrove.store.FlavorRow;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.InstanceRow;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;
import org.opentrove.store.OperationState;
import org.opentrove.store.QuotaDao;
import org.opentrove.store.ServiceStatusDao;
import org.opentrove.store.ServiceStatusRow;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.GuestHealth;
import org.opentrove.temporal.api.ResizeFlavorRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class InstanceStoreActivitiesImpl implements InstanceStoreActivities {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceStoreActivitiesImpl.class);

  private final Jdbi jdbi;
  private final Clock clock;

  public InstanceStoreActivitiesImpl(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public void recordStep(String operationId, String step) {
    jdbi.useExtension(OperationDao.class, dao -> dao.recordStep(operationId, step, now()));
  }

  @Override
  public void recordServer(UUID instanceId, String serverId, String host, int port) {
    jdbi.useExtension(
        InstanceDao.class,
        dao -> dao.recordServer(instanceId, serverId, host, port, "BUILD", now()));
  }

  @Override
  public String serviceStatus(UUID instanceId) {
    return jdbi.withExtension(
        ServiceStatusDao.class,
        dao -> dao.find(instanceId).map(ServiceStatusRow::status).orElse("NEW"));
  }

  @Override
  public GuestHealth guestHealth(UUID instanceId) {
    return jdbi.withExtension(
        ServiceStatusDao.class,
        dao ->
            dao.find(instanceId)
                .map(row -> new GuestHealth(row.status(), row.heartbeats()))
                .orElse(new GuestHealth("NEW", 0)));
  }

  @Override
  public String takeScheduledTurn(UUID instanceId, String operationId) {
    OperationType type = typeOf(operationId);
    Instant now = now();
    return jdbi.inTransaction(
        h -> {
          OperationDao operations = h.attach(OperationDao.class);
          OperationState state = operations.find(operationId).map(OperationRow::state).orElse(null);
          if (state == OperationState.PENDING || state == OperationState.RUNNING) {
            return null; // taken before: by an attempt whose answer was lost, or by a retry
          }
          if (state != OperationState.SCHEDULED || !operations.takeScheduled(operationId, now)) {
            return "the operation is " + state + ", not scheduled any more";
          }
          InstanceDao instances = h.attach(InstanceDao.class);
          if (!instances.lockFor(type, instanceId, now)) {
            String holding =
                instances
                    .findLive(instanceId)
                    .map(row -> "busy (task " + row.taskStatus() + ")")
                    .orElse("deleted");
            String reason = "at its scheduled time the instance was " + holding;
            operations.setFinalState(operationId, OperationState.FAILED, reason, now);
            return reason;
          }
          return null;
        });
  }

  @Override
  public ResizeFlavorRequest.Flavor currentFlavor(UUID instanceId) {
    return jdbi.withHandle(
        h -> {
          String flavorId =
              h.attach(InstanceDao.class).findLive(instanceId).orElseThrow().flavorId();
          FlavorRow flavor = h.attach(FlavorDao.class).find(flavorId).orElseThrow();
          return new ResizeFlavorRequest.Flavor(flavor.id(), flavor.ramMb(), flavor.vcpus());
        });
  }

  @Override
  public void recordFlavor(UUID instanceId, String flavorId) {
    jdbi.useExtension(InstanceDao.class, dao -> dao.setFlavor(instanceId, flavorId, now()));
  }

  @Override
  public void recordVolumeSize(UUID instanceId, int sizeGb) {
    jdbi.useExtension(InstanceDao.class, dao -> dao.growVolumeSize(instanceId, sizeGb, now()));
  }

  @Override
  public void recordDetached(UUID instanceId) {
    jdbi.useExtension(InstanceDao.class, dao -> dao.clearReplicaOf(instanceId, now()));
  }

  @Override
  public void recordStepDetail(String operationId, String step, String detail) {
    jdbi.useExtension(OperationDao.class, dao -> dao.recordStepDetail(operationId, step, detail));
  }

  @Override
  public void recordFenced(UUID instanceId, String operationId) {
    Instant now = now();
    jdbi.useTransaction(h -> recordFenced(h, instanceId, operationId, now));
  }

  private static void recordFenced(Handle h, UUID instanceId, String operationId, Instant now) {
    h.attach(InstanceDao.class).setServerStatus(instanceId, "SHUTOFF", now);
    h.attach(FaultDao.class)
        .record(
            instanceId,
            "Ejected from its replica set by " + operationId,
            "Its server was stopped so that it can take no write; its replicas follow"
                + " another source now. Restart it to bring it back as a replica.",
            now);
  }

  @Override
  public void recordRejoined(UUID instanceId, UUID sourceId) {
    Instant now = now();
    jdbi.useTransaction(
        h -> {
          h.attach(FenceDao.class).clear(instanceId);
          InstanceDao dao = h.attach(InstanceDao.class);
          dao.setReplicaOf(instanceId, sourceId, now);
          dao.setServerStatus(instanceId, "ACTIVE", now);
        });
  }

  @Override
  public void recordReplicaSet(UUID sourceId, java.util.List<UUID> followers, UUID formerSource) {
    Instant now = now();
    jdbi.useTransaction(
        h -> {
          InstanceDao dao = h.attach(InstanceDao.class);
          boolean autoFailover =
              dao.findLive(formerSource).map(InstanceRow::autoFailover).orElse(false)
                  || dao.findLive(sourceId).map(InstanceRow::autoFailover).orElse(false);
          dao.setAutoFailover(formerSource, false, now);
          // Failover needs a replica: a set left with none has it no more.
          dao.setAutoFailover(sourceId, autoFailover && !followers.isEmpty(), now);
          dao.clearReplicaOf(sourceId, now);
          for (UUID follower : followers) {
            dao.setReplicaOf(follower, sourceId, now);
          }
        });
  }

  @Override
  public void finishReplicaSetOperation(
      String operationId,
      UUID instanceId,
      java.util.List<UUID> members,
      String step,
      String fault) {
    Instant now = now();
    jdbi.useTransaction(
        h -> finishReplicaSetOperation(h, operationId, instanceId, members, step, fault, now));
  }

  @Override
  public void finishEject(
      String operationId, UUID fencedId, java.util.List<UUID> members, UUID setSource) {
    Instant now = now();
    jdbi.useTransaction(
        h -> {
          finishReplicaSetOperation(h, operationId, fencedId, members, null, null, now);
          recordFenced(h, fencedId, operationId, now);
          h.attach(FenceDao.class).record(fencedId, setSource, operationId, now);
        });
  }

  private void finishReplicaSetOperation(
      Handle h,
      String operationId,
      UUID instanceId,
      java.util.List<UUID> members,
      String step,
      String fault,
      Instant now) {
    InstanceTask held = typeOf(operationId).lock().orElseThrow().holds();
    InstanceDao dao = h.attach(InstanceDao.class);
    for (UUID member : members) {
      if (!dao.transitionTask(member, held, InstanceTask.NONE, now)) {
        LOG.warn("{}: instance {} was no longer {}", operationId, member, held);
      }
    }
    if (fault == null) {
      h.attach(FaultDao.class).clear(instanceId);
      h.attach(OperationDao.class).finish(operationId, OperationState.SUCCEEDED, null, now);
    } else {
      h.attach(FaultDao.class)
          .record(
              instanceId,
              "Operation " + typeOf(operationId).code() + " failed at step " + step,
              fault,
              now);
      h.attach(OperationDao.class)
          .finish(operationId, OperationState.FAILED, step + ": " + fault, now);
    }
  }

  @Override
  public void completeOperation(UUID instanceId, String operationId) {
    InstanceTask held = typeOf(operationId).lock().orElseThrow().holds();
    Instant now = now();
    jdbi.useTransaction(
        h -> {
          if (h.attach(InstanceDao.class)
              .transitionTask(instanceId, held, InstanceTask.NONE, now)) {
            h.attach(FaultDao.class).clear(instanceId);
          } else {
            LOG.warn("{}: instance {} was no longer {}", operationId, instanceId, held);
          }
          h.attach(OperationDao.class).finish(operationId, OperationState.SUCCEEDED, null, now);
        });
  }

  @Override
  public void failOperation(UUID instanceId, String operationId, String step, String message) {
    OperationType type = typeOf(operationId);
    OperationType.Lock lock = type.lock().orElseThrow();
    Instant now = now();
    jdbi.useTransaction(
        h -> {
          if (h.attach(InstanceDao.class)
              .transitionTask(instanceId, lock.holds(), lock.afterFailure(), now)) {
            h.attach(FaultDao.class)
                .record(
                    instanceId,
                    "Operation " + type.code() + " failed at step " + step,
                    message,
                    now);
          } else {
            LOG.warn("{}: instance {} was no longer {}", operationId, instanceId, lock.holds());
          }
          h.attach(OperationDao.class)
              .finish(operationId, OperationState.FAILED, step + ": " + message, now);
        });
  }

  /** The type of an operation that holds an instance task. */
  private static OperationType typeOf(String operationId) {
    return OperationType.ofId(operationId)
        .filter(type -> type.lock().isPresent())
        .orElseThrow(() -> new IllegalArgumentException(operationId + " holds no instance task"));
  }

  @Override
  public void completeCreate(UUID instanceId, String operationId) {
    Instant now = now();
    jdbi.useTransaction(
        h -> {
          InstanceDao instances = h.attach(InstanceDao.class);
          if (instances.transitionTask(instanceId, InstanceTask.BUILDING, InstanceTask.NONE, now)) {
            instances.setServerStatus(instanceId, "ACTIVE", now);
            h.attach(FaultDao.class).clear(instanceId);
          } else {
            // Reset or cancelled meanwhile: the operation was ended by whoever moved the task.
            LOG.warn("{}: instance {} was no longer BUILDING", operationId, instanceId);
          }
          h.attach(OperationDao.class).finish(operationId, OperationState.SUCCEEDED, null, now);
        });
  }

  @Override
  public void failCreate(UUID instanceId, String operationId, String step, String message) {
    endCreateInError(instanceId, operationId, failedAt(step, message, false));
  }

  @Override
  public void failCompensatedCreate(
      UUID instanceId, String operationId, String step, String message) {
    endCreateInError(instanceId, operationId, failedAt(step, message, true));
  }

  private static Outcome failedAt(String step, String message, boolean nothingLeft) {
    return new Outcome(
        "Instance creation failed at step " + step,
        message,
        OperationState.FAILED,
        step + ": " + message,
        nothingLeft);
  }

  @Override
  public void cancelCreate(UUID instanceId, String operationId, String step) {
    endCreateInError(
        instanceId,
        operationId,
        new Outcome(
            "Instance creation was cancelled at step " + step,
            "cancelled by request; everything it had created was removed",
            OperationState.CANCELLED,
            "cancelled at " + step,
            true));
  }

  /**
   * How an operation ended badly: the instance's fault, the operation's final record, and whether
   * nothing of the instance is left (so it holds no quota).
   */
  private record Outcome(
      String faultMessage,
      String faultDetails,
      OperationState state,
      String error,
      boolean nothingLeft) {}

  private void endCreateInError(UUID instanceId, String operationId, Outcome outcome) {
    Instant now = now();
    jdbi.useTransaction(
        h -> {
          InstanceDao instances = h.attach(InstanceDao.class);
          if (instances.transitionTask(
              instanceId, InstanceTask.BUILDING, InstanceTask.BUILD_FAILED, now)) {
            instances.setServerStatus(instanceId, "ERROR", now);
            h.attach(FaultDao.class)
                .record(instanceId, outcome.faultMessage(), outcome.faultDetails(), now);
            if (outcome.nothingLeft()) {
              h.attach(QuotaDao.class).releaseInstance(instanceId);
            }
          } else {
            LOG.warn("{}: instance {} was no longer BUILDING", operationId, instanceId);
          }
          h.attach(OperationDao.class).finish(operationId, outcome.state(), outcome.error(), now);
        });
  }

  @Override
  public void completeDelete(UUID instanceId, String operationId) {
    Instant now = now();
    jdbi.useTransaction(
        h -> {
          h.attach(InstanceDao.class).markDeleted(instanceId, now);
          h.attach(FenceDao.class).clear(instanceId);
          h.attach(OperationDao.class).finish(operationId, OperationState.SUCCEEDED, null, now);
        });
  }

  @Override
  public void failDelete(UUID instanceId, String operationId, String step, String message) {
    Instant now = now();
    jdbi.useTransaction(
        h -> {
          if (h.attach(InstanceDao.class)
              .transitionTask(instanceId, InstanceTask.DELETING, InstanceTask.DELETE_FAILED, now)) {
            h.attach(FaultDao.class)
                .record(instanceId, "Instance deletion failed at step " + step, message, now);
          } else {
            LOG.warn("{}: instance {} was no longer DELETING", operationId, instanceId);
          }
          h.attach(OperationDao.class)
              .finish(operationId, OperationState.FAILED, step + ": " + message, now);
        });
  }

  private Instant now() {
    return clock.instant();
  }
}
