package org.opentrove.guest.backup;

import java.util.Map;

/** What a finished backup reports: its bytes, the SHA-256 of its manifest, the engine's facts. */
public record BackupResult(long sizeBytes, String checksum, Map<String, String> metadata) {}
