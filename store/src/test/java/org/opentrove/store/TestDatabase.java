package org.opentrove.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh, migrated database on the real PostgreSQL server the test command starts (default
 * 127.0.0.1:5432, user postgres, trust auth; override with TROVE_TEST_PG_HOST/PORT/USER). Dropped
 * on close.
 */
public final class TestDatabase implements AutoCloseable {
  public static final String HOST = env("TROVE_TEST_PG_HOST", "127.0.0.1");
  public static final int PORT = Integer.parseInt(env("TROVE_TEST_PG_PORT", "5432"));
  public static final String USER = env("TROVE_TEST_PG_USER", "postgres");

  private final String name;
  private final PGSimpleDataSource dataSource;

  private TestDatabase(String name) {
    this.name = name;
    this.dataSource = new PGSimpleDataSource();
    dataSource.setServerNames(new String[] {HOST});
    dataSource.setPortNumbers(new int[] {PORT});
    dataSource.setUser(USER);
    dataSource.setDatabaseName(name);
  }

  public static TestDatabase createMigrated() {
    String name = "trove_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("create database " + name);
    TestDatabase db = new TestDatabase(name);
    Migrations.migrate(db.dataSource);
    return db;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
  }

  public String name() {
    return name;
  }

  @Override
  public void close() {
    admin("drop database if exists " + name + " with (force)");
  }

  private static void admin(String sql) {
    String url = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
    try (Connection c = DriverManager.getConnection(url, USER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot reach the test PostgreSQL at "
              + HOST
              + ":"
              + PORT
              + " (start it with the README's test command): "
              + e.getMessage(),
          e);
    }
  }

  private static String env(String key, String fallback) {
    String value = System.getenv(key);
    return value == null || value.isBlank() ? fallback : value;
  }
}
