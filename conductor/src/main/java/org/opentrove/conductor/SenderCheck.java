package org.opentrove.conductor;

import java.util.UUID;
import org.opentrove.contract.bus.GuestIdentity;

/**
 * Whether a report may speak for the instance it names: its {@code user-id}, which the broker
 * validates against the publisher's login, must be that instance's guest user, or the control
 * plane's own. A message without one, or from another guest, would let one tenant's guest freeze or
 * fake another instance's status, so it is refused.
 */
final class SenderCheck {
  private final String controlPlaneUser;

  SenderCheck(String controlPlaneUser) {
    this.controlPlaneUser = controlPlaneUser;
  }

  /** Null when the sender may report on {@code instance}, else why not. */
  String refusal(String userId, UUID instance) {
    if (userId == null || userId.isEmpty()) {
      return "no user-id: the sender is unknown";
    }
    if (userId.equals(GuestIdentity.userOf(instance.toString()))
        || userId.equals(controlPlaneUser)) {
      return null;
    }
    return "sent by another broker user than the instance's own";
  }
}
