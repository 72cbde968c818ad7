package org.opentrove.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentrove.api.errors.TroveError;
import org.opentrove.contract.UserRef;

class NameRulesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x`y",
        "a'b",
        "a\"b",
        "a;b",
        "a b",
        "é",
        "db\u0000",
        "",
        "-lead",
        "a/b",
        "a\\b",
        "日本"
      })
  void hostileOrMalformedNamesAreRefusedByBothEngines(String name) {
    for (NameRules rules : new NameRules[] {NameRules.POSTGRESQL, NameRules.MYSQL}) {
      assertThatThrownBy(() -> rules.database(name)).isInstanceOf(TroveError.class);
      assertThatThrownBy(() -> rules.user(name)).isInstanceOf(TroveError.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql", "information_schema", "performance_schema", "sys"})
  void mariaDbSystemDatabasesAreReserved(String name) {
    assertThatThrownBy(() -> NameRules.MYSQL.database(name)).hasMessageContaining("reserved");
  }

  @ParameterizedTest
  @ValueSource(strings = {"root", "os_admin", "mysql", "mariadb.sys", "ROOT"})
  void mariaDbOwnAndSystemUsersAreReserved(String name) {
    assertThatThrownBy(() -> NameRules.MYSQL.user(name)).isInstanceOf(TroveError.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres", "template1", "pg_anything"})
  void postgresSystemNamesAreRefused(String name) {
    assertThatThrownBy(() -> NameRules.POSTGRESQL.database(name)).isInstanceOf(TroveError.class);
  }

  @Test
  void lengthLimitsFollowEachEngine() {
    assertThat(NameRules.MYSQL.database("d".repeat(64))).hasSize(64);
    assertThatThrownBy(() -> NameRules.MYSQL.database("d".repeat(65)))
        .hasMessageContaining("at most 64");
    assertThatThrownBy(() -> NameRules.MYSQL.user("u".repeat(33)))
        .hasMessageContaining("at most 32");
    assertThatThrownBy(() -> NameRules.POSTGRESQL.database("d".repeat(64)))
        .hasMessageContaining("at most 63");
  }

  @Test
  void hostsExistOnlyOnMariaDb() {
    assertThat(UserIds.parse("alice@10.0.0.%", NameRules.MYSQL))
        .isEqualTo(new UserRef("alice", "10.0.0.%"));
    assertThat(UserIds.parse("alice", NameRules.MYSQL)).isEqualTo(new UserRef("alice", "%"));
    assertThat(UserIds.parse("alice@%", NameRules.POSTGRESQL)).isEqualTo(new UserRef("alice", "%"));
    assertThatThrownBy(() -> UserIds.parse("alice@localhost", NameRules.POSTGRESQL))
        .hasMessageContaining("no host");
    assertThatThrownBy(() -> NameRules.MYSQL.host("h'; DROP USER x; --"))
        .hasMessageContaining("invalid");
  }

  @Test
  void passwordsAreKeptLiterallyButBounded() {
    String hostile = "p'w\"`; DROP DATABASE appdb; -- \\ ünï✓";
    assertThat(NameRules.password(hostile)).isEqualTo(hostile);
    assertThatThrownBy(() -> NameRules.password("")).isInstanceOf(TroveError.class);
    assertThatThrownBy(() -> NameRules.password("x".repeat(129))).isInstanceOf(TroveError.class);
  }
}
