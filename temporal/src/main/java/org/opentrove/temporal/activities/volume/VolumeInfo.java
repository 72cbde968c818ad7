package org.opentrove.temporal.activities.volume;

/** A volume and where the server sees it. */
public record VolumeInfo(String volumeId, String path, int sizeGb) {}
