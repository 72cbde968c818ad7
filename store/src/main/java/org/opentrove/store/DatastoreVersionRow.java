package org.opentrove.store;

import java.util.UUID;

public record DatastoreVersionRow(
    UUID id, UUID datastoreId, String name, String version, String manager, boolean active) {}
