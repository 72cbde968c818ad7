package org.opentrove.conductor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.store.BackupDao;
import org.opentrove.store.FaultDao;
import org.opentrove.store.ServiceStatusDao;

/** Applies decoded reports in one transaction and answers what the workflows must be told. */
final class ReportApplier {
  private final Jdbi jdbi;
  private final Clock clock;

  ReportApplier(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** What a transaction applied that a workflow waits for. */
  record Outcome(List<HeartbeatBatchHandler.Applied> building, List<BackupUpdate> finishedBackups) {
    static final Outcome NONE = new Outcome(List.of(), List.of());

    Outcome plus(Outcome other) {
      List<HeartbeatBatchHandler.Applied> beats = new ArrayList<>(building);
      beats.addAll(other.building);
      List<BackupUpdate> backups = new ArrayList<>(finishedBackups);
      backups.addAll(other.finishedBackups);
      return new Outcome(beats, backups);
    }
  }

  Outcome apply(List<GuestReport> reports) {
    if (reports.isEmpty()) {
      return Outcome.NONE;
    }
    List<GuestReport.Beat> beats = new ArrayList<>();
    List<GuestReport.Backup> backups = new ArrayList<>();
    for (GuestReport report : reports) {
      if (report instanceof GuestReport.Beat beat) {
        beats.add(beat);
      } else if (report instanceof GuestReport.Backup backup) {
        backups.add(backup);
      }
    }
    Instant now = clock.instant();
    return jdbi.inTransaction(
        handle ->
            new Outcome(
                HeartbeatBatchHandler.apply(
                    handle.attach(ServiceStatusDao.class),
                    handle.attach(FaultDao.class),
                    beats,
                    now),
                BackupUpdateHandler.apply(handle.attach(BackupDao.class), backups, now)));
  }
}
