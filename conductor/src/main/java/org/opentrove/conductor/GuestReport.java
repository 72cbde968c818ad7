package org.opentrove.conductor;

import java.util.UUID;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.contract.Heartbeat;

/** A guest's message, decoded and checked before any transaction. */
sealed interface GuestReport {
  UUID instanceId();

  record Beat(UUID instanceId, Heartbeat heartbeat, double sent) implements GuestReport {}

  record Backup(UUID instanceId, UUID backupId, BackupUpdate update) implements GuestReport {}
}
