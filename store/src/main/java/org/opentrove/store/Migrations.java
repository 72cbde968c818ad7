package org.opentrove.store;

import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * The schema's versioned migrations (all in {@code db/migration}). Every process refuses to start
 * while one is pending; only {@code trove db migrate} (and the embedded dev mode) applies them.
 */
public final class Migrations {
  private Migrations() {}

  public static int migrate(DataSource dataSource) {
    return flyway(dataSource).migrate().migrationsExecuted;
  }

  public static void requireCurrent(DataSource dataSource) {
    MigrationInfo[] pending = flyway(dataSource).info().pending();
    if (pending.length > 0) {
      String versions =
          Arrays.stream(pending)
              .map(m -> m.getVersion() + " " + m.getDescription())
              .collect(Collectors.joining(", "));
      throw new PendingMigrationsException(
          "the control-plane database has pending migrations ("
              + versions
              + "); run `./trove db migrate` first");
    }
  }

  private static Flyway flyway(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .validateMigrationNaming(true)
        .load();
  }

  /** Thrown when the schema is behind the code. */
  public static class PendingMigrationsException extends IllegalStateException {
    public PendingMigrationsException(String message) {
      super(message);
    }
  }
}
