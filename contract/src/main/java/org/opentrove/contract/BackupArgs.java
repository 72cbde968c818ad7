package org.opentrove.contract;

/**
 * Args of {@link GuestMethods#CREATE_BACKUP}: stream a backup of the datastore under {@code
 * location} in the object store; an incremental one builds on {@code parent} (null for a full).
 */
public record BackupArgs(String backupId, String location, BackupPiece parent) {}
