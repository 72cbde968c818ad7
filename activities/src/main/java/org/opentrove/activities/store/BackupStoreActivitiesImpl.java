package org.opentrove.activities.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.model.InstanceTask;
import org.opentrove.store.BackupDao;
import org.opentrove.store.BackupRow;
import org.opentrove.store.BackupState;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationState;
import org.opentrove.temporal.activities.store.BackupStoreActivities;

public class BackupStoreActivitiesImpl implements BackupStoreActivities {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;
  private final Clock clock;

  public BackupStoreActivitiesImpl(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public boolean startSnapshot(UUID backupId) {
    return start(backupId, h -> true);
  }

  @Override
  public void removeSnapshot(UUID backupId) {
    Instant now = clock.instant();
    jdbi.useExtension(BackupDao.class, dao -> dao.markDeleted(backupId, now));
  }

  @Override
  public boolean startBackup(UUID backupId, UUID instanceId) {
    // The API took the instance (NONE -> BACKING_UP) in the transaction that wrote the backup; a
    // status reset since then took it back, and then the backup must not run.
    return start(
        backupId,
        h ->
            h.attach(InstanceDao.class)
                .findLive(instanceId)
                .map(i -> i.taskStatus() == InstanceTask.BACKING_UP)
                .orElse(false));
  }

  /**
   * NEW -> BUILDING when {@code mayRun} (read in the same transaction); true again for a backup
   * already running (a replayed start), false for one gone, failed or reset before it started.
   */
  private boolean start(UUID backupId, java.util.function.Predicate<Handle> mayRun) {
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          BackupRow backup = h.attach(BackupDao.class).find(backupId).orElse(null);
          if (backup == null) {
            return false;
          }
          if (backup.state() == BackupState.BUILDING || backup.state() == BackupState.SAVING) {
            return true; // a replayed start
          }
          if (backup.state() != BackupState.NEW) {
            return false; // failed or reset before it started
          }
          return mayRun.test(h)
              && h.attach(BackupDao.class).advance(backupId, BackupState.BUILDING, now);
        });
  }

  @Override
  public BackupUpdate outcome(UUID backupId) {
    BackupRow row = jdbi.withExtension(BackupDao.class, dao -> dao.find(backupId)).orElse(null);
    if (row == null) {
      return new BackupUpdate(
          null,
          backupId.toString(),
          BackupUpdate.FAILED,
          0,
          null,
          Map.of(),
          "the backup was deleted");
    }
    if (row.state() == BackupState.COMPLETED) {
      return new BackupUpdate(
          row.instanceId().toString(),
          backupId.toString(),
          BackupUpdate.COMPLETED,
          row.sizeBytes() == null ? 0 : row.sizeBytes(),
          row.checksum(),
          metadata(row.metadata()),
          null);
    }
    if (row.state() == BackupState.FAILED) {
      return new BackupUpdate(
          row.instanceId().toString(),
          backupId.toString(),
          BackupUpdate.FAILED,
          0,
          null,
          Map.of(),
          row.failReason());
    }
    return null;
  }

  @Override
  public void completeBackup(
      UUID backupId, UUID instanceId, String operationId, BackupUpdate result) {
    Instant now = clock.instant();
    String metadata = json(result.metadata());
    jdbi.useTransaction(
        h -> {
          h.attach(BackupDao.class)
              .complete(backupId, instanceId, result.sizeBytes(), result.checksum(), metadata, now);
          h.attach(InstanceDao.class)
              .transitionTask(instanceId, InstanceTask.BACKING_UP, InstanceTask.NONE, now);
          h.attach(OperationDao.class).finish(operationId, OperationState.SUCCEEDED, null, now);
        });
  }

  @Override
  public void failBackup(
      UUID backupId,
      UUID instanceId,
      String operationId,
      String step,
      String message,
      boolean heldTheInstance) {
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          h.attach(BackupDao.class).fail(backupId, message, now);
          if (heldTheInstance) {
            h.attach(InstanceDao.class)
                .transitionTask(instanceId, InstanceTask.BACKING_UP, InstanceTask.NONE, now);
          }
          h.attach(OperationDao.class)
              .finish(operationId, OperationState.FAILED, step + ": " + message, now);
        });
  }

  @Override
  public void completeDelete(List<UUID> backupIds, String operationId) {
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          BackupDao backups = h.attach(BackupDao.class);
          backupIds.forEach(id -> backups.markDeleted(id, now));
          h.attach(OperationDao.class).finish(operationId, OperationState.SUCCEEDED, null, now);
        });
  }

  @Override
  public void failDelete(List<UUID> backupIds, String operationId, String step, String message) {
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          BackupDao backups = h.attach(BackupDao.class);
          backupIds.forEach(id -> backups.deleteFailed(id, message, now));
          h.attach(OperationDao.class)
              .finish(operationId, OperationState.FAILED, step + ": " + message, now);
        });
  }

  private static String json(Map<String, String> metadata) {
    try {
      return JSON.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> metadata(String json) {
    try {
      return json == null ? Map.of() : JSON.readValue(json, new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable backup metadata", e);
    }
  }
}
