package org.opentrove.contract;

/**
 * Args of {@link ConductorMethods#HEARTBEAT}: the guest's status and, on failure, why. {@code seq}
 * numbers the beats the broker confirmed to one guest process (1, 2, ...; 0 when unknown), so the
 * conductor can count beats that were published but never applied. {@code volume} is how full the
 * instance's volume is (null from a guest that could not measure it, or an older one).
 */
public record Heartbeat(
    String instanceId, ServiceStatus serviceStatus, String message, long seq, VolumeUsage volume) {
  public Heartbeat(String instanceId, ServiceStatus serviceStatus, String message, long seq) {
    this(instanceId, serviceStatus, message, seq, null);
  }

  public Heartbeat(String instanceId, ServiceStatus serviceStatus, String message) {
    this(instanceId, serviceStatus, message, 0);
  }
}
