package org.opentrove.temporal.api;

import org.opentrove.contract.ServiceStatus;

/** A guest's reported status as the conductor forwards it to a waiting workflow. */
public record GuestStatus(ServiceStatus status, String message) {}
