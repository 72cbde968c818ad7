package org.opentrove.contract;

/** Args of {@link ConductorMethods#HEARTBEAT}: the guest's status and, on failure, why. */
public record Heartbeat(String instanceId, ServiceStatus serviceStatus, String message) {}
