package org.opentrove.store;

import java.util.UUID;

public record DatastoreRow(UUID id, String name, UUID defaultVersionId) {}
