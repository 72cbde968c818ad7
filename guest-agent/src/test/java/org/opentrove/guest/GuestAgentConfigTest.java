package org.opentrove.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestAgentConfigTest {
  private static final String SECRET_URI = "amqp://trove:hunter2@127.0.0.1:5672/%2f";

  @TempDir Path dir;

  @Test
  void loadsAFileWithDefaults() throws IOException {
    Path file = write(minimal());

    GuestAgentConfig config = GuestAgentConfig.load(file);

    assertThat(config.instanceId()).isEqualTo("8c1f6a2e-1111-4a4a-9b9b-123456789abc");
    assertThat(config.amqpUri()).isEqualTo(SECRET_URI);
    assertThat(config.exchange()).isEqualTo("trove");
    assertThat(config.conductorQueue()).isEqualTo("trove-conductor");
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.dataDir()).isEqualTo(dir);
    assertThat(config.datastore()).isEqualTo("postgresql");
    assertThat(config.pgBinDir()).isNull();
    assertThat(config.runAsUser()).isNull();
    assertThat(config.topology().guestQueue(config.instanceId()))
        .isEqualTo("guestagent.8c1f6a2e-1111-4a4a-9b9b-123456789abc");
  }

  @Test
  void readsEveryKeyAndFractionalHeartbeats() throws IOException {
    Properties p = minimal();
    p.setProperty("exchange", "ot");
    p.setProperty("conductor_queue", "ot-conductor");
    p.setProperty("heartbeat_interval_seconds", "0.5");
    p.setProperty("pg_bin_dir", "/usr/lib/postgresql/15/bin");
    p.setProperty("run_as_user", "dbuser");

    GuestAgentConfig config = GuestAgentConfig.load(write(p));

    assertThat(config.topology().exchange()).isEqualTo("ot");
    assertThat(config.topology().conductorQueue()).isEqualTo("ot-conductor");
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.pgBinDir()).isEqualTo(Path.of("/usr/lib/postgresql/15/bin"));
    assertThat(config.runAsUser()).isEqualTo("dbuser");
  }

  @Test
  void toStringNeverShowsTheAmqpUri() throws IOException {
    GuestAgentConfig config = GuestAgentConfig.load(write(minimal()));
    assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("amqp://");
  }

  @Test
  void missingRequiredKeysAreNamed() throws IOException {
    Properties p = minimal();
    p.remove("amqp_uri");
    assertThatThrownBy(() -> GuestAgentConfig.load(write(p)))
        .isInstanceOf(GuestConfigException.class)
        .hasMessageContaining("'amqp_uri' is required");

    Properties q = minimal();
    q.remove("instance_id");
    assertThatThrownBy(() -> GuestAgentConfig.fromProperties(q))
        .hasMessageContaining("'instance_id' is required");
  }

  @Test
  void invalidValuesAreRejectedWithoutShowingTheUri() throws IOException {
    Properties p = minimal();
    p.setProperty("amqp_uri", "http://trove:hunter2@host");
    assertThatThrownBy(() -> GuestAgentConfig.fromProperties(p))
        .hasMessageContaining("amqp_uri")
        .hasMessageNotContaining("hunter2");

    Properties hb = minimal();
    hb.setProperty("heartbeat_interval_seconds", "0");
    assertThatThrownBy(() -> GuestAgentConfig.fromProperties(hb))
        .hasMessageContaining("heartbeat_interval_seconds");
    hb.setProperty("heartbeat_interval_seconds", "soon");
    assertThatThrownBy(() -> GuestAgentConfig.fromProperties(hb))
        .hasMessageContaining("not a number");

    Properties ds = minimal();
    ds.setProperty("datastore", "mongodb");
    assertThatThrownBy(() -> GuestAgentConfig.fromProperties(ds))
        .hasMessageContaining("'mongodb' is not supported");

    Properties user = minimal();
    user.setProperty("run_as_user", "root; rm -rf /");
    assertThatThrownBy(() -> GuestAgentConfig.fromProperties(user))
        .hasMessageContaining("run_as_user");

    Properties id = minimal();
    id.setProperty("instance_id", "../etc");
    assertThatThrownBy(() -> GuestAgentConfig.fromProperties(id))
        .hasMessageContaining("instance_id");

    Properties relative = minimal();
    relative.setProperty("data_dir", "volume");
    assertThatThrownBy(() -> GuestAgentConfig.fromProperties(relative))
        .hasMessageContaining("absolute");
  }

  @Test
  void dataDirMustExist() throws IOException {
    Properties p = minimal();
    p.setProperty("data_dir", dir.resolve("missing").toString());
    assertThatThrownBy(() -> GuestAgentConfig.load(write(p)))
        .hasMessageContaining("is not a directory");
  }

  @Test
  void unreadableFileIsAConfigError() {
    assertThatThrownBy(() -> GuestAgentConfig.load(dir.resolve("nope.properties")))
        .isInstanceOf(GuestConfigException.class)
        .hasMessageContaining("cannot read config file");
  }

  @Test
  void commandLineNeedsBothOptions() {
    assertThat(
            GuestAgentMain.CommandLine.parse(
                new String[] {"--config", "/etc/x.properties", "--instance-id", "abc"}))
        .isEqualTo(new GuestAgentMain.CommandLine(Path.of("/etc/x.properties"), "abc"));
    assertThatThrownBy(() -> GuestAgentMain.CommandLine.parse(new String[] {"--config", "/x"}))
        .isInstanceOf(GuestConfigException.class)
        .hasMessageContaining("usage");
    assertThatThrownBy(() -> GuestAgentMain.CommandLine.parse(new String[] {"--config"}))
        .hasMessageContaining("missing value");
    assertThatThrownBy(() -> GuestAgentMain.CommandLine.parse(new String[] {"--verbose", "1"}))
        .hasMessageContaining("unknown argument");
  }

  @Test
  void runRefusesAnInstanceIdThatDoesNotMatchTheFile() throws IOException {
    Path file = write(minimal());
    assertThatThrownBy(
            () ->
                GuestAgentMain.run(
                    new String[] {"--config", file.toString(), "--instance-id", "someone-else"}))
        .isInstanceOf(GuestConfigException.class)
        .hasMessageContaining("does not match");
  }

  private Properties minimal() {
    Properties p = new Properties();
    p.setProperty("instance_id", "8c1f6a2e-1111-4a4a-9b9b-123456789abc");
    p.setProperty("amqp_uri", SECRET_URI);
    p.setProperty("data_dir", dir.toString());
    return p;
  }

  private Path write(Properties p) throws IOException {
    Path file = dir.resolve("guest.properties");
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(writer, null);
    }
    return file;
  }
}
