package org.opentrove.conductor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.store.BackupDao;

/**
 * Trove's {@code update_backup}: applies guests' backup reports inside the caller's transaction
 * (bytes so far, then the result), each a compare-and-set that cannot move a finished backup.
 * Answers the final reports it applied, for the backup workflows to be signalled.
 */
final class BackupUpdateHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BackupUpdateHandler() {}

  static List<BackupUpdate> apply(
      BackupDao backups, List<GuestReport.Backup> reports, Instant now) {
    List<BackupUpdate> finished = new ArrayList<>();
    for (GuestReport.Backup report : reports) {
      BackupUpdate update = report.update();
      boolean moved =
          switch (update.state()) {
            case BackupUpdate.SAVING -> {
              backups.saving(report.backupId(), report.instanceId(), update.sizeBytes(), now);
              yield false;
            }
            case BackupUpdate.COMPLETED ->
                backups.complete(
                    report.backupId(),
                    report.instanceId(),
                    update.sizeBytes(),
                    update.checksum(),
                    json(update),
                    now);
            case BackupUpdate.FAILED ->
                backups.fail(report.backupId(), report.instanceId(), update.message(), now);
            default -> throw new IllegalArgumentException("backup state checked when decoded");
          };
      if (moved) {
        finished.add(update);
      }
    }
    return finished;
  }

  private static String json(BackupUpdate update) {
    try {
      return JSON.writeValueAsString(update.metadata());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
