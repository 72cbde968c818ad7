package org.opentrove.temporal.api;

import java.util.UUID;
import org.opentrove.contract.BackupPiece;

/** A backup to take: the instance, where its objects go, and the parent of an incremental. */
public record CreateBackupRequest(
    String operationId,
    UUID backupId,
    UUID instanceId,
    String projectId,
    String requestId,
    String location,
    BackupPiece parent) {}
