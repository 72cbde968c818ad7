package org.opentrove.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.opentrove.api.errors.TroveError;
import org.opentrove.contract.rpc.GuestErrorException;
import org.opentrove.contract.rpc.GuestTimeoutException;
import org.opentrove.store.InstanceRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Databases, users and root of an instance (Trove's mysql extension): finds the instance, refuses
 * with 422 unless it is ACTIVE, and calls its guest, turning a silent guest into 504 and a guest's
 * error into the Trove error a tenant can act on. The instance stays usable either way.
 */
public class InstanceAdmin {
  private static final Logger log = LoggerFactory.getLogger(InstanceAdmin.class);

  private final InstanceService instances;
  private final InstanceStatus statuses;
  private final GuestCaller guest;
  private final Duration timeout;
  private final Clock clock;

  public InstanceAdmin(
      InstanceService instances,
      InstanceStatus statuses,
      GuestCaller guest,
      Duration timeout,
      Clock clock) {
    this.instances = instances;
    this.statuses = statuses;
    this.guest = guest;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** The project's instance, whatever its status. */
  public InstanceRow find(String projectId, String instanceId) {
    return instances.get(projectId, instanceId);
  }

  /** An ACTIVE instance of the project and the name rules of its datastore. */
  public Target target(String projectId, String instanceId) {
    InstanceRow row = instances.get(projectId, instanceId);
    String status = statuses.status(row, clock.instant());
    if (!"ACTIVE".equals(status)) {
      throw TroveError.unprocessable(
          "Instance "
              + row.id()
              + " is not currently available for an action to be performed (status was "
              + status
              + ").");
    }
    return new Target(row, SchemaBodies.forDatastore(row.datastoreName()));
  }

  public JsonNode call(Target target, String method, Object args) {
    String id = target.instance().id().toString();
    try {
      return guest.call(id, method, args, timeout);
    } catch (GuestTimeoutException e) {
      throw TroveError.badRequest(
          "Timeout trying to connect to the Guest Agent. The guest of instance "
              + id
              + " did not answer "
              + method
              + " within "
              + timeout.toSeconds()
              + " s; nothing may have changed, or the change may still be applied. The instance"
              + " stays usable: retry or check with a list.");
    } catch (GuestErrorException e) {
      throw guestError(id, method, e);
    } catch (IOException e) {
      log.warn("{} to the guest of {} failed: {}", method, id, e.toString());
      throw communicationError("The message bus is unavailable; try again shortly");
    }
  }

  /**
   * Trove answers every failed guest call with a 400 (its GuestError and GuestTimeout are not in
   * its fault map); the types a tenant can act on keep Trove's own codes for them.
   */
  private static TroveError guestError(String id, String method, GuestErrorException e) {
    return switch (e.type()) {
      case NOT_FOUND -> TroveError.notFound(e.getMessage());
      case ALREADY_EXISTS, INVALID_ARGUMENTS -> TroveError.badRequest(e.getMessage());
      case NOT_READY, NOT_PREPARED ->
          TroveError.unprocessable("Instance " + id + " is not ready: " + e.getMessage());
      case PREPARE_FAILED,
          RESTART_FAILED,
          STOP_FAILED,
          CORRUPT_STATE,
          DATASTORE_ERROR,
          UNKNOWN_METHOD,
          MALFORMED_MESSAGE,
          GUEST_ERROR,
          UNREADABLE_REPLY,
          UNKNOWN -> {
        log.warn("{} on the guest of {} failed ({}): {}", method, id, e.type(), e.getMessage());
        yield communicationError(e.getMessage());
      }
    };
  }

  private static TroveError communicationError(String detail) {
    return TroveError.badRequest("An error occurred communicating with the guest: " + detail + ".");
  }

  /** The instance a request acts on and how its names are checked. */
  public record Target(InstanceRow instance, SchemaBodies schemas) {
    public NameRules rules() {
      return schemas.rules();
    }
  }
}
