package org.opentrove.api.core;

/**
 * What the workers' compute driver offers the API: on Nova, Cinder's volume types and servers that
 * move between hosts; on the local driver, no volume types and one host.
 */
public record ComputeDriver(VolumeTypes volumeTypes, boolean migratesServers) {
  public static final ComputeDriver LOCAL = new ComputeDriver(VolumeTypes.NONE, false);
}
