package org.opentrove.contract;

import java.util.Map;

/**
 * One backup of a chain, as a guest needs it: its id, the prefix of its objects in the object
 * store, and the engine's facts about it (MariaDB's {@code to_lsn}, PostgreSQL's {@code wal_next}).
 */
public record BackupPiece(String backupId, String location, Map<String, String> metadata) {

  public BackupPiece {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
