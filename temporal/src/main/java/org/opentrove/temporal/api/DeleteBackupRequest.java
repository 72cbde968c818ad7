package org.opentrove.temporal.api;

import java.util.List;
import java.util.UUID;

/**
 * Backups to delete, children before their parents (a whole chain, or one backup nothing builds
 * on), with the object-store location of each.
 */
public record DeleteBackupRequest(
    String operationId, String projectId, List<UUID> backupIds, List<String> locations) {

  public DeleteBackupRequest {
    backupIds = List.copyOf(backupIds);
    locations = List.copyOf(locations);
  }
}
