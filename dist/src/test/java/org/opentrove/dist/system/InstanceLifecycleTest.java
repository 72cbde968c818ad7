package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.Topology;
import org.opentrove.contract.bus.GuestIdentity;

/** Create → ACTIVE → connect as the created user → delete → 404, with nothing left behind. */
class InstanceLifecycleTest {
  private static TroveSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = TroveSystem.start();
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  void createdInstanceServesItsUserAndDeleteRemovesEverything() throws Exception {
    ApiClient.Answer created =
        system.api.post(
            "p1",
            "/instances",
            """
            {"instance": {"name": "orders", "flavorRef": "1", "volume": {"size": 1},
              "datastore": {"type": "postgresql", "version": "15"},
              "databases": [{"name": "shop"}],
              "users": [{"name": "clerk", "password": "pa'ss;--word", "databases": [{"name": "shop"}]}]}}
            """);
    assertThat(created.status()).isEqualTo(200);
    JsonNode instance = created.body().get("instance");
    String id = instance.get("id").asText();
    assertThat(instance.get("status").asText()).isEqualTo("BUILD");
    assertThat(created.raw().headers().firstValue("X-Trove-Operation-Id"))
        .hasValue("instance-create/" + id);

    JsonNode active =
        system.api.awaitInstance("p1", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(90));
    JsonNode view = active.get("instance");
    assertThat(view.get("operating_status").asText()).isEqualTo("HEALTHY");
    String host = view.get("ip").get(0).asText();
    int port = view.get("port").asInt();
    assertThat(host).isEqualTo("127.0.0.1");

    String url = "jdbc:postgresql://" + host + ":" + port + "/shop";
    try (Connection c = DriverManager.getConnection(url, "clerk", "pa'ss;--word");
        ResultSet rs = c.createStatement().executeQuery("select 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    assertThat(system.guestAgentsOf(id)).hasSize(1);
    assertThat(system.services.brokerUserExists(GuestIdentity.userOf(id)))
        .as("the guest's own broker identity")
        .isTrue();
    assertThat(Files.readString(system.vm(id).config()))
        .as("the guest's settings hold its own broker login, not the control plane's")
        .contains("amqp_uri=amqp\\://" + GuestIdentity.userOf(id) + "\\:");

    ApiClient.Answer deleted = system.api.delete("p1", "/instances/" + id);
    assertThat(deleted.status()).isEqualTo(202);
    system.api.awaitInstance("p1", id, ApiClient.gone(), Duration.ofSeconds(60));

    assertThat(system.processesOf(id)).isEmpty();
    assertThat(Files.exists(system.vm(id).root())).isFalse();
    Topology topology = new Topology(system.services.exchange, system.services.conductorQueue);
    assertThat(system.services.queueExists(topology.guestQueue(id))).isFalse();
    assertThat(system.services.brokerUserExists(GuestIdentity.userOf(id))).isFalse();
  }

  @Test
  void aGuestThatStopsHeartbeatingShowsAsDownAndIsStillDeletedCleanly() throws Exception {
    String id = system.create("p1", "silent");
    system.api.awaitInstance("p1", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(90));

    system.guestAgentsOf(id).forEach(ProcessHandle::destroyForcibly);

    JsonNode down =
        system.api.awaitInstance("p1", id, ApiClient.status("SHUTDOWN"), Duration.ofSeconds(30));
    assertThat(down.get("instance").get("operating_status").asText()).isEqualTo("ERROR");
    assertThat(system.processesOf(id)).as("the datastore outlived its guest").isNotEmpty();

    system.deleteAndAwaitGone("p1", id);
    assertThat(system.processesOf(id)).isEmpty();
    assertThat(Files.exists(system.vm(id).root())).isFalse();
  }

  @Test
  void aPausedGuestShowsShutdownAndActiveAgainWhenItResumes() throws Exception {
    String id = system.create("p1", "paused");
    system.api.awaitInstance("p1", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(90));
    ProcessHandle guest = system.guestAgentsOf(id).get(0);

    signal(guest, "STOP");
    try {
      system.api.awaitInstance("p1", id, ApiClient.status("SHUTDOWN"), Duration.ofSeconds(30));
    } finally {
      signal(guest, "CONT");
    }
    JsonNode back =
        system.api.awaitInstance("p1", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(30));
    assertThat(back.get("instance").get("operating_status").asText()).isEqualTo("HEALTHY");

    system.deleteAndAwaitGone("p1", id);
  }

  private static void signal(ProcessHandle process, String signal) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
  }

  @Test
  void listShowsOnlyTheCallersInstances() {
    ApiClient.Answer list = system.api.get("nobody-here", "/instances");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().get("instances")).isEmpty();
  }
}
