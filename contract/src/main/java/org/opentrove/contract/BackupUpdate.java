package org.opentrove.contract;

import java.util.Map;

/**
 * Args of {@link ConductorMethods#UPDATE_BACKUP}: a guest's report on a backup it streams, {@code
 * SAVING} with the bytes so far, then {@code COMPLETED} (size, SHA-256 of its objects, the engine's
 * facts for children and restores) or {@code FAILED} (why).
 */
public record BackupUpdate(
    String instanceId,
    String backupId,
    String state,
    long sizeBytes,
    String checksum,
    Map<String, String> metadata,
    String message) {

  public static final String SAVING = "SAVING";
  public static final String COMPLETED = "COMPLETED";
  public static final String FAILED = "FAILED";

  public BackupUpdate {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
