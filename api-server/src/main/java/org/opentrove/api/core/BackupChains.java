package org.opentrove.api.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.errors.TroveError;
import org.opentrove.contract.BackupPiece;
import org.opentrove.store.BackupDao;
import org.opentrove.store.BackupRow;
import org.opentrove.store.BackupState;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationState;
import org.opentrove.temporal.WorkflowIds;

/** A backup's ancestry (what a restore needs) and its descendants (what its delete would break). */
public final class BackupChains {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;

  public BackupChains(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Whether a delete of the backup (or of a chain it is in) is under way. */
  public boolean beingDeleted(UUID backupId) {
    return jdbi.withExtension(
            OperationDao.class, dao -> dao.find(WorkflowIds.backupDelete(backupId)))
        .map(o -> o.state() == OperationState.PENDING || o.state() == OperationState.RUNNING)
        .orElse(false);
  }

  /**
   * The chain ending in {@code backup}, full backup first; every link must be COMPLETED and none
   * being deleted.
   */
  public List<BackupPiece> restoreChain(BackupRow backup) {
    Deque<BackupPiece> chain = new ArrayDeque<>();
    BackupRow current = backup;
    while (true) {
      if (current.state() != BackupState.COMPLETED) {
        throw TroveError.unprocessable(
            "Backup "
                + current.id()
                + " is "
                + current.state()
                + ", not COMPLETED; it cannot be restored.");
      }
      chain.addFirst(piece(current));
      if (current.parentId() == null) {
        return List.copyOf(chain);
      }
      UUID parentId = current.parentId();
      current =
          jdbi.withExtension(BackupDao.class, dao -> dao.find(parentId))
              .orElseThrow(
                  () ->
                      TroveError.unprocessable(
                          "Backup " + backup.id() + " builds on " + parentId + ", which is gone."));
    }
  }

  /** Every backup that builds on {@code backup}, directly or not, leaves first. */
  public List<BackupRow> descendants(BackupRow backup) {
    List<BackupRow> found = new ArrayList<>();
    collect(backup.id(), found);
    return found;
  }

  private void collect(UUID id, List<BackupRow> found) {
    for (BackupRow child : jdbi.withExtension(BackupDao.class, dao -> dao.children(id))) {
      collect(child.id(), found);
      found.add(child);
    }
  }

  public static BackupPiece piece(BackupRow row) {
    return new BackupPiece(row.id().toString(), row.location(), metadata(row.metadata()));
  }

  private static Map<String, String> metadata(String json) {
    try {
      return json == null ? Map.of() : JSON.readValue(json, new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable backup metadata", e);
    }
  }
}
