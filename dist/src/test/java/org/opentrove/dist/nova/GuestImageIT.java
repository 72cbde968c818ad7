package org.opentrove.dist.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentrove.activities.compute.GuestSettingsFile;
import org.opentrove.activities.compute.nova.NovaUserData;
import org.opentrove.contract.AmqpSettings;
import org.opentrove.contract.bus.GuestCredentials;
import org.opentrove.objects.ObjectStoreConfig;
import org.opentrove.temporal.activities.compute.CreateServerRequest;

/**
 * The production guest image's parts (dist/guest-image): the overlay {@code build-overlay} packs,
 * and its init run as on a server's boot, with the user data the nova driver sends, a blank volume
 * (a file standing in for /dev/vdb) and no cloud (the metadata address is a file URL).
 */
class GuestImageIT {
  private static final Path ROOT =
      Path.of(System.getProperty("trove.root", "..")).toAbsolutePath().normalize();

  private Path work;
  private Path dataDir;
  private final List<Path> mounted = new ArrayList<>();

  @BeforeEach
  void work() throws IOException {
    work = Files.createTempDirectory("trove-guest-image-");
    dataDir = work.resolve("var/lib/opentrove/data");
  }

  @AfterEach
  void clean() throws Exception {
    for (Path mount : mounted) {
      run(List.of("umount", mount.toString()), Map.of());
    }
    run(List.of("rm", "-rf", work.toString()), Map.of());
  }

  @Test
  void theInitTurnsUserDataIntoSettingsAndKeepsTheVolumesDataAcrossBoots() throws Exception {
    Path overlay = work.resolve("overlay");
    Files.createDirectories(overlay);
    Result packed =
        run(
            List.of(
                ROOT.resolve("dist/guest-image/build-overlay").toString(),
                work.resolve("overlay.tar.gz").toString()),
            Map.of());
    assertThat(packed.code()).as(packed.output()).isZero();
    assertThat(
            run(
                    List.of(
                        "tar",
                        "-xzf",
                        work.resolve("overlay.tar.gz").toString(),
                        "-C",
                        overlay.toString()),
                    Map.of())
                .code())
        .isZero();
    Path init = overlay.resolve("usr/lib/opentrove/opentrove-guest-init");
    assertThat(overlay.resolve("etc/systemd/system/opentrove-guest.service")).exists();

    String instanceId = UUID.randomUUID().toString();
    AmqpSettings broker = new AmqpSettings();
    broker.uri = "amqp://127.0.0.1:5672";
    String userData =
        new NovaUserData(
                new GuestSettingsFile(
                    broker, new GuestCredentials(new byte[32]), new ObjectStoreConfig(), 10),
                dataDir.toString())
            .text(new CreateServerRequest(instanceId, 512, 1, "postgresql", "/unused"));
    Path userDataFile = work.resolve("user_data");
    Files.writeString(userDataFile, userData);
    Path volume = work.resolve("vdb.img");
    assertThat(run(List.of("truncate", "-s", "512M", volume.toString()), Map.of()).code()).isZero();
    Map<String, String> cloud =
        Map.of(
            "OPENTROVE_ETC_DIR", work.resolve("etc").toString(),
            "OPENTROVE_RUN_DIR", work.resolve("run").toString(),
            "OPENTROVE_VOLUME_DEVICE", volume.toString(),
            "OPENTROVE_METADATA_URL", userDataFile.toUri().toString(),
            "OPENTROVE_CONFIG_DRIVES", work.resolve("no-config-drive").toString());

    Result firstBoot = run(List.of(init.toString()), cloud);
    assertThat(firstBoot.code()).as(firstBoot.output()).isZero();
    mounted.add(dataDir);
    Path settings = work.resolve("etc/guest.properties");
    assertThat(Files.readString(settings)).isEqualTo(userData);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)))
        .as("the settings hold the guest's broker password")
        .isEqualTo("rw-------");
    assertThat(Files.readString(work.resolve("run/guest.env")).trim())
        .isEqualTo("OPENTROVE_INSTANCE_ID=" + instanceId);
    assertThat(run(List.of("mountpoint", "-q", dataDir.toString()), Map.of()).code()).isZero();
    Files.writeString(dataDir.resolve("PG_VERSION"), "15\n");

    // A reboot: the volume comes back with its filesystem, which is never formatted again.
    assertThat(run(List.of("umount", dataDir.toString()), Map.of()).code()).isZero();
    mounted.clear();
    Result secondBoot = run(List.of(init.toString()), cloud);
    assertThat(secondBoot.code()).as(secondBoot.output()).isZero();
    mounted.add(dataDir);
    assertThat(dataDir.resolve("PG_VERSION")).hasContent("15");

    // The agent starts from the overlay's classpath alone, as its unit starts it; the instance id
    // it is given must match the settings' (exit 2: the configuration refused).
    Result agent =
        run(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                overlay.resolve("usr/lib/opentrove/guest/lib") + "/*",
                "org.opentrove.guest.GuestAgentMain",
                "--config",
                settings.toString(),
                "--instance-id",
                UUID.randomUUID().toString()),
            Map.of());
    assertThat(agent.code()).as(agent.output()).isEqualTo(2);
    assertThat(agent.output()).contains("does not match instance_id " + instanceId);
  }

  @Test
  void userDataThatIsNotAGuestsSettingsStopsTheBootBeforeTheVolumeIsTouched() throws Exception {
    Path userDataFile = work.resolve("user_data");
    Files.writeString(userDataFile, "#cloud-config\n");
    Path volume = work.resolve("vdb.img");
    run(List.of("truncate", "-s", "512M", volume.toString()), Map.of());
    Result boot =
        run(
            List.of(ROOT.resolve("dist/guest-image/opentrove-guest-init").toString()),
            Map.of(
                "OPENTROVE_ETC_DIR", work.resolve("etc").toString(),
                "OPENTROVE_RUN_DIR", work.resolve("run").toString(),
                "OPENTROVE_VOLUME_DEVICE", volume.toString(),
                "OPENTROVE_METADATA_URL", userDataFile.toUri().toString(),
                "OPENTROVE_CONFIG_DRIVES", work.resolve("no-config-drive").toString()));
    assertThat(boot.code()).isEqualTo(1);
    assertThat(boot.output()).contains("not a guest's settings");
    assertThat(run(List.of("blkid", volume.toString()), Map.of()).code())
        .as("the blank volume is not formatted")
        .isNotZero();
  }

  private record Result(int code, String output) {}

  private static Result run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " did not finish");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
