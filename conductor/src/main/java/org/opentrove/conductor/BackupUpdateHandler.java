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
        readable(envelope.get()).ifPresent(updates::add);
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
            UUID instance = parseId(update.instanceId());
            if (id == null || instance == null) {
              LOG.warn("dropping a backup report without a backup or instance id");
              continue;
            }
            switch (update.state()) {
              case BackupUpdate.SAVING -> backups.saving(id, instance, update.sizeBytes(), now);
              case BackupUpdate.COMPLETED -> {
                if (backups.complete(
                    id, instance, update.sizeBytes(), update.checksum(), json(update), now)) {
                  finished.add(update);
                }
              }
              case BackupUpdate.FAILED -> {
                if (backups.fail(id, instance, update.message(), now)) {
                  finished.add(update);
                }
              }
              default -> LOG.warn("dropping backup report with state {}", update.state());
            }
          }
          return finished;
        });
  }

  /** A report that cannot be read is dropped: it must not hold up the other guests' messages. */
  private static Optional<BackupUpdate> readable(Envelope envelope) {
    try {
      BackupUpdate update = Wire.args(envelope, BackupUpdate.class);
      if (update.state() == null) {
        LOG.warn("dropping a backup report without a state");
        return Optional.empty();
      }
      return Optional.of(update);
    } catch (RuntimeException e) {
      LOG.warn("dropping an unreadable backup report: {}", e.toString());
      return Optional.empty();
    }
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
