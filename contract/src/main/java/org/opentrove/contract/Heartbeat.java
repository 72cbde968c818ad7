package org.opentrove.contract;

/**
 * Args of {@link ConductorMethods#HEARTBEAT}: the guest's status and, on failure, why. {@code seq}
 * numbers the beats the broker confirmed to one guest process (1, 2, ...; 0 when unknown), so the
 * conductor can count beats that were published but never applied.
 */
public record Heartbeat(String instanceId, ServiceStatus serviceStatus, String message, long seq) {
  public Heartbeat(String instanceId, ServiceStatus serviceStatus, String message) {
    this(instanceId, serviceStatus, message, 0);
  }
}
