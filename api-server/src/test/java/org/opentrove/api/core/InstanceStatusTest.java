package org.opentrove.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opentrove.model.InstanceTask;
import org.opentrove.store.InstanceRow;

class InstanceStatusTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private final InstanceStatus statuses = new InstanceStatus(Duration.ofSeconds(90));

  private static InstanceRow row(InstanceTask task, String server, String service, Instant beat) {
    return new InstanceRow(
        UUID.randomUUID(),
        "p",
        "n",
        "1",
        UUID.randomUUID(),
        "postgresql",
        "15",
        "15",
        1,
        task,
        server,
        "s",
        "127.0.0.1",
        15432,
        NOW,
        NOW,
        service,
        beat,
        null,
        null,
        null);
  }

  @Test
  void taskComesFirst() {
    assertThat(statuses.status(row(InstanceTask.BUILDING, "BUILD", "HEALTHY", NOW), NOW))
        .isEqualTo("BUILD");
    assertThat(statuses.status(row(InstanceTask.BUILD_FAILED, "ERROR", "NEW", NOW), NOW))
        .isEqualTo("ERROR");
    assertThat(statuses.status(row(InstanceTask.DELETING, "ACTIVE", "HEALTHY", NOW), NOW))
        .isEqualTo("SHUTDOWN");
    assertThat(statuses.operatingStatus(row(InstanceTask.BUILDING, "BUILD", "HEALTHY", NOW), NOW))
        .isEmpty();
  }

  @Test
  void healthyGuestIsActive() {
    InstanceRow row = row(InstanceTask.NONE, "ACTIVE", "HEALTHY", NOW.minusSeconds(5));
    assertThat(statuses.status(row, NOW)).isEqualTo("ACTIVE");
    assertThat(statuses.operatingStatus(row, NOW)).isEqualTo("HEALTHY");
  }

  @Test
  void expiredHeartbeatShowsTheGuestAsDown() {
    InstanceRow row = row(InstanceTask.NONE, "ACTIVE", "HEALTHY", NOW.minusSeconds(91));
    assertThat(statuses.status(row, NOW)).isEqualTo("SHUTDOWN");
    assertThat(statuses.operatingStatus(row, NOW)).isEqualTo("ERROR");
  }

  @Test
  void stoppedOrFailedDatastoreShows() {
    assertThat(statuses.status(row(InstanceTask.NONE, "ACTIVE", "SHUTDOWN", NOW), NOW))
        .isEqualTo("SHUTDOWN");
    assertThat(statuses.status(row(InstanceTask.NONE, "ACTIVE", "FAILED", NOW), NOW))
        .isEqualTo("ERROR");
  }
}
