package org.opentrove.guest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.stream.Stream;
import org.opentrove.guest.os.RunAs;
import org.opentrove.objects.ObjectStoreConfig;

/** One real engine of this host for guest tests: how to manage it and reach its databases. */
public record TestEngine(String datastore, String osUser, String urlPrefix, String urlSuffix) {

  private static final TestEngine POSTGRESQL =
      new TestEngine("postgresql", "postgres", "jdbc:postgresql://127.0.0.1:", "?sslmode=disable");
  private static final TestEngine MARIADB =
      new TestEngine("mariadb", "mysql", "jdbc:mariadb://127.0.0.1:", "");

  public static Stream<TestEngine> all() {
    return Stream.of(POSTGRESQL, MARIADB);
  }

  public static TestEngine postgresql() {
    return POSTGRESQL;
  }

  /** Skips the test when the host cannot run this engine the way the agent would. */
  public void requireAvailable() throws IOException {
    if (RunAs.isRoot()) {
      try {
        FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(osUser);
      } catch (UserPrincipalNotFoundException e) {
        assumeTrue(false, "running as root needs the " + osUser + " OS user");
      }
    }
    if (datastore.equals("mariadb")) {
      assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mariadbd")), "needs mariadb-server");
    }
  }

  /** A manager for an instance whose volume is {@code dataDir}. */
  public ManagedDatastore manager(Path dataDir, ObjectStoreConfig backups) {
    GuestAgentConfig config =
        new GuestAgentConfig(
            "test-instance",
            "amqp://guest:guest@127.0.0.1:5672",
            "trove",
            "trove-conductor",
            Duration.ofSeconds(10),
            dataDir,
            datastore,
            null,
            null,
            backups);
    return (ManagedDatastore) DatastoreManagers.create(config, () -> {});
  }

  /** PostgreSQL's driver URL-decodes the database; MariaDB's is chosen after login. */
  public Connection connect(int port, String database, String user, String password)
      throws SQLException {
    if (datastore.equals("postgresql")) {
      String url =
          urlPrefix + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8) + urlSuffix;
      return DriverManager.getConnection(url, user, password);
    }
    Connection connection = DriverManager.getConnection(urlPrefix + port + "/", user, password);
    try {
      connection.setCatalog(database);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  @Override
  public String toString() {
    return datastore;
  }
}
