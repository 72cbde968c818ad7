package org.opentrove.activities.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.AmqpSettings;
import org.opentrove.temporal.activities.compute.CreateServerRequest;

class LocalComputeActivitiesTest {
  private Path root;
  private LocalComputeActivities compute;
  private Process unrecordedGuest;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createTempDirectory("compute-");
    LocalComputeConfig config = new LocalComputeConfig();
    config.dataRoot = root.toString();
    config.stopGraceSeconds = 2;
    compute =
        new LocalComputeActivities(
            config,
            new AmqpSettings(),
            new org.opentrove.contract.bus.GuestCredentials(new byte[32]));
  }

  @AfterEach
  void tearDown() {
    if (unrecordedGuest != null) {
      unrecordedGuest.destroyForcibly();
    }
  }

  @Test
  void aRetriedCreateAdoptsAGuestWhosePidWasNeverRecorded() throws Exception {
    String id = UUID.randomUUID().toString();
    VmDirectory vm = VmDirectory.of(root.toString(), id);
    vm.create();
    Files.writeString(vm.config(), "instance_id=" + id);
    // What a worker killed between spawning the guest and writing guest.pid leaves behind.
    unrecordedGuest =
        new ProcessBuilder(
                "sh",
                "-c",
                "sleep 300; true",
                GuestLauncher.GUEST_MAIN,
                "--config",
                vm.config() + "")
            .start();

    compute.createServer(new CreateServerRequest(id, 512, 1, "postgresql", vm.volume().toString()));

    assertThat(vm.pid()).contains(unrecordedGuest.pid());
    assertThat(compute.serverIsRunning(id)).isTrue();
    compute.deleteServer(id);
    assertThat(unrecordedGuest.isAlive()).isFalse();
    assertThat(root.resolve(id)).doesNotExist();
  }
}
