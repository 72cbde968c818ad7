package org.opentrove.store;

import java.util.UUID;

/** A datastore version with what only administrators see: its image, packages and default. */
public record ManagedVersionRow(
    UUID id,
    UUID datastoreId,
    String datastoreName,
    String name,
    String version,
    String manager,
    String imageId,
    String imageTags,
    String packages,
    boolean active,
    boolean isDefault) {}
