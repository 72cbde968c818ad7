package org.opentrove.dist.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * zonky initialises its cluster with trust authentication: anyone on this host could log in as
 * superuser. Before any guest exists, dev mode gives {@code postgres} a random password and makes
 * every connection, local or TCP, authenticate with SCRAM.
 */
final class ControlPlaneAuth {
  static final String PG_HBA =
      """
      # written by OpenTrove dev mode: password authentication only
      local all all scram-sha-256
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      """;

  private ControlPlaneAuth() {}

  static void requirePassword(EmbeddedPostgres pg, Path dataDir, String password)
      throws IOException {
    try (Connection connection = pg.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET password_encryption = 'scram-sha-256'");
      // ALTER ROLE takes no parameters: the password is built server-side from a bound value.
      try (PreparedStatement set =
          connection.prepareStatement(
              "SELECT format('ALTER ROLE postgres PASSWORD %L', CAST(? AS text))")) {
        set.setString(1, password);
        try (var rs = set.executeQuery()) {
          rs.next();
          statement.execute(rs.getString(1));
        }
      }
      Files.writeString(dataDir.resolve("pg_hba.conf"), PG_HBA);
      statement.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IOException("cannot require a password on the control-plane PostgreSQL", e);
    }
  }
}
