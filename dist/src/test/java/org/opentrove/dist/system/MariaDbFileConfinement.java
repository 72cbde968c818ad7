package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.opentrove.guest.AdminCredentials;

/**
 * A MariaDB tenant's root reads and writes files ({@code LOAD_FILE}, {@code SELECT ... INTO
 * OUTFILE}) only in its instance's own {@code files/}: not the host's, not a neighbour's settings,
 * not its own agent's password, not the control plane's configuration. The same on both runtimes.
 */
record MariaDbFileConfinement(TroveSystem system) {

  void assertConfined(String instance, String neighbour, JsonNode root) throws Exception {
    Path files = system.vm(instance).volume().resolve("files");
    int port = system.vm(instance).port().orElseThrow();
    try (Connection conn =
            DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:" + port + "/",
                root.get("name").asText(),
                root.get("password").asText());
        Statement statement = conn.createStatement()) {
      for (Path target :
          List.of(
              Path.of("/etc/passwd"),
              system.vm(neighbour).config(),
              new AdminCredentials(system.vm(instance).volume()).file(),
              system.services.workDir.resolve("app.yml"))) {
        try (ResultSet rs = statement.executeQuery("SELECT LOAD_FILE('" + target + "')")) {
          rs.next();
          assertThat(rs.getString(1)).as("LOAD_FILE of " + target).isNull();
        }
      }
      for (Path target :
          List.of(
              Path.of("/tmp/opentrove-isolation-" + instance + ".txt"),
              system.vm(instance).volume().resolve("outside-files.txt"))) {
        assertThatThrownBy(() -> statement.execute("SELECT 'x' INTO OUTFILE '" + target + "'"))
            .as("INTO OUTFILE " + target)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("secure-file-priv");
        assertThat(target).doesNotExist();
      }
      statement.execute("SELECT 'inside' INTO OUTFILE '" + files.resolve("ok.txt") + "'");
      try (ResultSet rs =
          statement.executeQuery("SELECT LOAD_FILE('" + files.resolve("ok.txt") + "')")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("inside\n");
      }
    }
  }
}
