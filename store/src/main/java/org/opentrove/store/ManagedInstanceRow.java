package org.opentrove.store;

import java.time.Instant;
import org.jdbi.v3.core.mapper.Nested;

/** An instance as Trove's management API shows it: deleted ones too, with when they went. */
public record ManagedInstanceRow(
    @Nested InstanceRow instance, boolean deleted, Instant deletedAt) {}
