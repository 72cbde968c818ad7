package org.opentrove.store;

import java.time.Instant;
import java.util.UUID;

/** A backup joined with its datastore, as the API shows it. */
public record BackupRow(
    UUID id,
    String projectId,
    UUID instanceId,
    String name,
    String description,
    UUID parentId,
    UUID datastoreVersionId,
    String datastoreName,
    String datastoreVersionName,
    BackupState state,
    String location,
    Long sizeBytes,
    String checksum,
    String metadata,
    String failReason,
    Instant created,
    Instant updated) {}
