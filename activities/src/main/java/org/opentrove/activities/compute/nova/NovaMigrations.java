package org.opentrove.activities.compute.nova;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.openstack4j.model.compute.Server;
import org.opentrove.activities.openstack.OpenStackSession;
import org.opentrove.activities.openstack.Polling;
import org.opentrove.activities.openstack.Polling.Check;
import org.opentrove.temporal.NonRetryable;

/**
 * Cold migrations of instances' servers (Trove's MigrateAction): Nova is asked to move the server,
 * the move is confirmed once Nova waits for it (VERIFY_RESIZE), and the server is marked with the
 * operation that moved it, so a retried step leaves a moved server alone. Before asking, the server
 * is marked with the operation and Nova's newest migration record, so a step retried after the move
 * ended (confirmed, not yet marked) does not ask for a second one. A migration Nova ends without
 * moving (no host could take the server) fails with the state Nova recorded for it.
 */
final class NovaMigrations {
  static final String MIGRATED_FOR_KEY = "opentrove_migrated_for";
  static final String MIGRATING_FOR_KEY = "opentrove_migrating_for";
  // The first compute API version that takes a target host for a cold migration.
  private static final String HOST_MICROVERSION = "compute 2.56";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenStackSession session;
  private final NovaServers servers;
  private final Duration timeout;

  NovaMigrations(OpenStackSession session, NovaServers servers, Duration timeout) {
    this.session = session;
    this.servers = servers;
    this.timeout = timeout;
  }

  void migrate(Server server, String operationId, String host) {
    String id = server.getId();
    Map<String, String> metadata = server.getMetadata() == null ? Map.of() : server.getMetadata();
    if (server.getStatus() == Server.Status.ACTIVE && server.getTaskState() == null) {
      if (operationId.equals(metadata.get(MIGRATED_FOR_KEY))) {
        return;
      }
      Optional<JsonNode> newestMigration = newestMigration(id);
      long newest = newestMigration.map(m -> m.path("id").asLong()).orElse(0L);
      Optional<Long> askedAfter = askedAfter(metadata.get(MIGRATING_FOR_KEY), operationId);
      if (askedAfter.isPresent() && newest > askedAfter.get()) {
        // A retry after this operation's move ended and before it was marked done.
        finishEnded(id, operationId, newestMigration.get().path("status").asText());
        return;
      }
      if (askedAfter.isEmpty()) {
        servers.mark(id, MIGRATING_FOR_KEY, operationId + "@" + newest);
      }
      ask(id, host);
    }
    Server moved = awaitVerifyResize(id);
    if (moved.getStatus() == Server.Status.VERIFY_RESIZE) {
      NovaServers.check(servers.client().compute().servers().confirmResize(id), "confirming");
    }
    servers.await(id, Server.Status.ACTIVE, timeout);
    servers.mark(id, MIGRATED_FOR_KEY, operationId);
  }

  /**
   * The newest migration Nova had recorded for the server when {@code operationId} asked for its
   * move (the mark is written before the ask, so a retry can tell a move it asked for from one
   * asked for earlier), or empty when the mark is another operation's.
   */
  private static Optional<Long> askedAfter(String mark, String operationId) {
    if (mark == null || !mark.startsWith(operationId + "@")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(mark.substring(operationId.length() + 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * This operation's move is over, its migration record in {@code status}: confirmed means moved;
   * anything else failed it.
   */
  private void finishEnded(String serverId, String operationId, String status) {
    if (!status.equals("confirmed")) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Nova did not migrate the server: its migration is " + status, NonRetryable.NO_CAPACITY);
    }
    servers.mark(serverId, MIGRATED_FOR_KEY, operationId);
  }

  /** Asks Nova to move the server; one it is already moving (409) is left to that move. */
  private void ask(String serverId, String host) {
    ObjectNode body = JSON.createObjectNode();
    if (host == null) {
      body.putNull("migrate");
    } else {
      body.putObject("migrate").put("host", host);
    }
    HttpResponse<String> response;
    try {
      response =
          session.call(
              "compute",
              "POST",
              "/servers/" + serverId + "/action",
              host == null ? null : HOST_MICROVERSION,
              body.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot ask Nova to migrate server " + serverId, e);
    }
    if (response.statusCode() == 202 || response.statusCode() == 409) {
      return;
    }
    String refusal = "Nova refused to migrate the server: " + reason(response);
    if (response.statusCode() >= 500) {
      throw new IllegalStateException(refusal);
    }
    throw ApplicationFailure.newNonRetryableFailure(refusal, NonRetryable.INVALID_REQUEST);
  }

  /**
   * Waits until Nova has moved the server and waits for the confirmation. A server back to ACTIVE
   * with no task was not moved: Nova's migration record says why.
   */
  private Server awaitVerifyResize(String serverId) {
    return Polling.until(
        timeout,
        () -> {
          Server server =
              servers
                  .get(serverId)
                  .orElseThrow(
                      () ->
                          ApplicationFailure.newNonRetryableFailure(
                              "server " + serverId + " is gone", NonRetryable.SERVER_STOPPED));
          if (server.getStatus() == Server.Status.VERIFY_RESIZE) {
            return Check.done(server);
          }
          if (server.getStatus() == Server.Status.ERROR) {
            throw NovaServers.faulted(server);
          }
          if (server.getStatus() == Server.Status.ACTIVE && server.getTaskState() == null) {
            throw ApplicationFailure.newNonRetryableFailure(
                "Nova did not migrate the server: its migration is " + lastMigration(serverId),
                NonRetryable.NO_CAPACITY);
          }
          return Check.waiting("server " + serverId + " is " + server.getStatus() + ",");
        });
  }

  private String lastMigration(String serverId) {
    try {
      return newestMigration(serverId).map(m -> m.path("status").asText()).orElse("not recorded");
    } catch (RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** The server's migration Nova recorded last (the highest id), if any. */
  private Optional<JsonNode> newestMigration(String serverId) {
    try {
      HttpResponse<String> response =
          session.call("compute", "GET", "/os-migrations?instance_uuid=" + serverId, null, null);
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "Nova did not list the migrations of server " + serverId + ": " + reason(response));
      }
      JsonNode newest = null;
      for (JsonNode migration : JSON.readTree(response.body()).path("migrations")) {
        if (newest == null || migration.path("id").asLong() > newest.path("id").asLong()) {
          newest = migration;
        }
      }
      return Optional.ofNullable(newest);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the migrations of server " + serverId, e);
    }
  }

  private static String reason(HttpResponse<String> response) {
    try {
      JsonNode body = JSON.readTree(response.body());
      for (JsonNode fault : body) {
        if (fault.has("message")) {
          return fault.get("message").asText() + " (" + response.statusCode() + ")";
        }
      }
    } catch (IOException e) {
      // not JSON: the status says enough
    }
    return "HTTP " + response.statusCode();
  }
}
