package org.opentrove.store;

import java.time.Instant;
import java.util.UUID;

public record ServiceStatusRow(
    UUID instanceId,
    String status,
    String message,
    Double lastSent,
    Instant updatedAt,
    Long lastSeq,
    long heartbeats,
    long missedHeartbeats) {}
