package org.opentrove.activities.compute.nova;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.compute.Server;
import org.opentrove.activities.openstack.OpenStackSession;
import org.opentrove.activities.openstack.Polling;
import org.opentrove.activities.openstack.Polling.Check;
import org.opentrove.temporal.NonRetryable;

/** Nova calls the driver makes, each finding an instance's server by its name. */
final class NovaServers {
  static final Set<Server.Status> STOPPED =
      Set.of(
          Server.Status.ERROR,
          Server.Status.SHUTOFF,
          Server.Status.DELETED,
          Server.Status.STOPPED,
          Server.Status.SUSPENDED,
          Server.Status.PAUSED,
          Server.Status.SHELVED,
          Server.Status.SHELVED_OFFLOADED);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenStackSession session;

  NovaServers(OpenStackSession session) {
    this.session = session;
  }

  OSClientV3 client() {
    return session.client();
  }

  /**
   * Adds one metadata item to a server, keeping the others: Nova's {@code POST .../metadata}.
   * OpenStack4j's {@code updateMetadata} is Nova's {@code PUT}, which replaces them all and would
   * drop the items that name the server's instance and owner.
   */
  void mark(String serverId, String key, String value) {
    try {
      String body = JSON.writeValueAsString(Map.of("metadata", Map.of(key, value)));
      HttpResponse<String> response =
          session.call("compute", "POST", "/servers/" + serverId + "/metadata", null, body);
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "Nova did not take metadata "
                + key
                + " on server "
                + serverId
                + ": HTTP "
                + response.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set metadata " + key + " on server " + serverId, e);
    }
  }

  /** Every server named for the instance (more than one only after a duplicate boot). */
  List<? extends Server> named(String instanceId) {
    String name = NovaNames.of(instanceId);
    return client().compute().servers().list(Map.of("name", "^" + name + "$")).stream()
        .filter(s -> name.equals(s.getName()))
        .toList();
  }

  /** The servers {@code owner} made for instances, by their metadata. */
  List<Made> madeBy(String owner) {
    return client().compute().servers().list(Map.of("name", "^" + NovaNames.of(""))).stream()
        .flatMap(s -> Made.byMetadata(s.getMetadata(), s.getCreated(), owner).stream())
        .toList();
  }

  Optional<Server> find(String instanceId) {
    return named(instanceId).stream().map(s -> (Server) s).findFirst();
  }

  Optional<Server> get(String serverId) {
    return Optional.ofNullable(client().compute().servers().get(serverId));
  }

  /** The flavor with the instance's memory and CPUs: Trove's flavors are Nova's. */
  Flavor flavor(int ramMb, int vcpus) {
    return client().compute().flavors().list().stream()
        .filter(f -> f.getRam() == ramMb && f.getVcpus() == vcpus && !f.isDisabled())
        .map(f -> (Flavor) f)
        .findFirst()
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "Nova has no flavor with " + ramMb + " MB and " + vcpus + " vCPUs",
                    NonRetryable.INVALID_REQUEST));
  }

  /** Waits until the server has {@code wanted}; a server in ERROR fails with Nova's fault. */
  Server await(String serverId, Server.Status wanted, Duration timeout) {
    return Polling.until(
        timeout,
        () -> {
          Server server =
              get(serverId)
                  .orElseThrow(
                      () ->
                          ApplicationFailure.newNonRetryableFailure(
                              "server " + serverId + " is gone", NonRetryable.SERVER_STOPPED));
          if (server.getStatus() == wanted) {
            return Check.done(server);
          }
          if (server.getStatus() == Server.Status.ERROR) {
            throw faulted(server);
          }
          return Check.waiting(
              "server " + serverId + " is " + server.getStatus() + ", not " + wanted + ",");
        });
  }

  /** Waits until no server of the instance is left. */
  void awaitGone(String instanceId, Duration timeout) {
    Polling.until(
        timeout,
        () ->
            named(instanceId).isEmpty()
                ? Check.done(true)
                : Check.waiting("the server of " + instanceId + " is still there"));
  }

  /**
   * Nova's refusal as the instance's fault: no host or no quota cannot be fixed by retrying the
   * step (an operator frees capacity, then the operation is retried).
   */
  static ApplicationFailure faulted(Server server) {
    String reason =
        server.getFault() != null && server.getFault().getMessage() != null
            ? server.getFault().getMessage()
            : "the server went into ERROR";
    return ApplicationFailure.newNonRetryableFailure("Nova: " + reason, NonRetryable.NO_CAPACITY);
  }

  static void check(ActionResponse response, String what) {
    if (!response.isSuccess()) {
      throw new IllegalStateException(
          what + " failed: " + response.getCode() + " " + response.getFault());
    }
  }
}
