package org.opentrove.contract;

import java.util.List;

/**
 * Args of {@link GuestMethods#REJOIN_SOURCE}: the set's source to copy and follow, the flavor's
 * memory the datastore is configured for, and the backup of the source to restore for an engine
 * that cannot copy over the replication connection (empty for the others).
 */
public record RejoinArgs(ReplicationSource source, int memoryMb, List<BackupPiece> snapshot) {
  public RejoinArgs {
    snapshot = snapshot == null ? List.of() : List.copyOf(snapshot);
  }
}
