package org.opentrove.guest;

import org.opentrove.contract.ServiceStatus;

/**
 * The datastore's status as the agent reports it in heartbeats and in the reply to {@code
 * get_status}: on the wire {@code {"service_status": ..., "message": ...}}; {@code message} is null
 * unless there is something to explain (a failure, a crash).
 */
public record GuestStatus(ServiceStatus serviceStatus, String message) {

  public static GuestStatus of(ServiceStatus status) {
    return new GuestStatus(status, null);
  }
}
