package org.opentrove.conductor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.Wire;
import org.opentrove.store.BackupDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trove's {@code update_backup}: applies guests' backup reports in one transaction (bytes so far,
 * then the result), each a compare-and-set that cannot move a finished backup. Answers the final
 * reports it applied, for the backup workflows to be signalled.
 */
final class BackupUpdateHandler {
  private static final Logger LOG = LoggerFactory.getLogger(BackupUpdateHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;
  private final Clock clock;

  BackupUpdateHandler(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  List<BackupUpdate> apply(List<Delivery> batch) {
    List<BackupUpdate> updates = new ArrayList<>();
    for (Delivery delivery : batch) {
      Optional<Envelope> envelope = HeartbeatBatchHandler.decode(delivery);
      if (envelope.isPresent() && ConductorMethods.UPDATE_BACKUP.equals(envelope.get().method())) {
        updates.add(Wire.args(envelope.get(), BackupUpdate.class));
      }
    }
    if (updates.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    return jdbi.inTransaction(
        handle -> {
          BackupDao backups = handle.attach(BackupDao.class);
          List<BackupUpdate> finished = new ArrayList<>();
          for (BackupUpdate update : updates) {
            UUID id = parseId(update.backupId());
            if (id == null) {
              LOG.warn("dropping a backup report without a backup id");
              continue;
            }
            switch (update.state()) {
              case BackupUpdate.SAVING -> backups.saving(id, update.sizeBytes(), now);
              case BackupUpdate.COMPLETED -> {
                backups.complete(id, update.sizeBytes(), update.checksum(), json(update), now);
                finished.add(update);
              }
              case BackupUpdate.FAILED -> {
                backups.fail(id, update.message(), now);
                finished.add(update);
              }
              default -> LOG.warn("dropping backup report with state {}", update.state());
            }
          }
          return finished;
        });
  }

  private static String json(BackupUpdate update) {
    try {
      return JSON.writeValueAsString(update.metadata());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static UUID parseId(String id) {
    try {
      return id == null ? null : UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
