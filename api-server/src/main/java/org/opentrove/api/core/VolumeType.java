package org.opentrove.api.core;

/** One of the volume service's types, as Trove shows it. */
public record VolumeType(String id, String name, boolean isPublic, String description) {}
