package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.store.ServiceStatusRow;

/**
 * Chaos tier: kill -9 the conductor, then kill -9 the message broker while the conductor is down
 * and heartbeats wait in its queue, each while instances heartbeat and a create is under way. Runs
 * on a RabbitMQ node of its own. Every create completes, and every heartbeat the broker confirmed
 * reaches the database: each guest numbers its confirmed beats, and a gap in the numbers the
 * conductor applied counts as missed.
 */
class MessagingChaosTest {
  private static final Duration ACTIVE_WITHIN = Duration.ofSeconds(120);

  private static RabbitMqNode broker;
  private static TroveSystem system;

  @BeforeAll
  static void start() throws Exception {
    broker = RabbitMqNode.start();
    system =
        TroveSystem.startWithExternalConductor(
            new TestServices(broker.uri(), broker.managementUri()));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (system != null) {
        system.close();
      }
    } finally {
      broker.close();
    }
  }

  @Test
  void createsCompleteAndNoConfirmedHeartbeatIsLostWhenConductorAndBrokerAreKilled()
      throws Exception {
    String steady = system.create("chaos", "steady");
    system.api.awaitInstance("chaos", steady, ApiClient.status("ACTIVE"), ACTIVE_WITHIN);

    system.conductor().killHard();
    String createdWithoutConductor = system.create("chaos", "without-conductor");
    Thread.sleep(3000); // heartbeats queue up for the conductor that is gone
    assertBeatsWaiting("while the conductor is down");
    system.startConductor();
    system.api.awaitInstance(
        "chaos", createdWithoutConductor, ApiClient.status("ACTIVE"), ACTIVE_WITHIN);

    // The broker dies holding the beats that queued up while the conductor was down too.
    system.conductor().killHard();
    String createdAcrossBrokerKill = system.create("chaos", "across-broker-kill");
    Thread.sleep(3000);
    assertBeatsWaiting("when the broker is killed");
    broker.kill();
    Thread.sleep(2000);
    broker.boot();
    system.startConductor();
    system.api.awaitInstance(
        "chaos", createdAcrossBrokerKill, ApiClient.status("ACTIVE"), ACTIVE_WITHIN);

    List<String> instances = List.of(steady, createdWithoutConductor, createdAcrossBrokerKill);
    Map<String, ServiceStatusRow> counted = system.awaitHeartbeats(instances, 4);
    long applied = counted.values().stream().mapToLong(ServiceStatusRow::heartbeats).sum();
    long missed = counted.values().stream().mapToLong(ServiceStatusRow::missedHeartbeats).sum();
    System.out.printf("heartbeats applied: %d, missed: %d%n", applied, missed);
    assertThat(missed).as("missed heartbeats: " + counted).isZero();
    for (String id : instances) {
      assertThat(system.guestAgentsOf(id)).as("exactly one guest").hasSize(1);
    }
    system.deleteAndCheckNothingLeft("chaos", instances);
  }

  /** Without beats in the queue the kill would prove nothing about losing them. */
  private static void assertBeatsWaiting(String when) throws Exception {
    assertThat(system.services.readyMessages(system.services.conductorQueue))
        .as("heartbeats queued for the conductor " + when)
        .isPositive();
  }
}
