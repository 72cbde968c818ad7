package org.opentrove.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opentrove.api.errors.TroveError;
import org.opentrove.contract.DatabaseSpec;

class DatabaseCharsetsTest {
  private static final DatabaseCharsets MARIADB = DatabaseCharsets.forDatastore("mariadb");
  private static final DatabaseCharsets POSTGRESQL = DatabaseCharsets.forDatastore("postgresql");

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "utf8mb4, utf8mb4_unicode_ci, utf8mb4, utf8mb4_unicode_ci",
        "UTF8MB4, UTF8MB4_BIN, utf8mb4, utf8mb4_bin",
        "utf8, utf8_general_ci, utf8mb3, utf8mb3_general_ci",
        "latin1, -, latin1, -",
        "-, latin1_swedish_ci, -, latin1_swedish_ci",
        "utf8mb4, uca1400_ai_ci, utf8mb4, uca1400_ai_ci",
        "-, utf8mb4_uca1400_ai_ci, -, utf8mb4_uca1400_ai_ci",
        "binary, binary, binary, binary"
      })
  void mariaDbTakesWhatShowCollationLists(
      String charset, String collate, String expectedCharset, String expectedCollate) {
    DatabaseSpec checked = MARIADB.check(new DatabaseSpec("db", charset, collate));
    assertThat(checked).isEqualTo(new DatabaseSpec("db", expectedCharset, expectedCollate));
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "klingon, -, klingon",
        "-, klingon_ci, klingon_ci",
        "utf8mb4, latin1_bin, not valid for character set",
        "-, uca1400_ai_ci, needs a character set",
        "latin1, uca1400_ai_ci, not valid for character set"
      })
  void mariaDbRefusesWhatItDoesNotKnowOrWhatDoesNotGoTogether(
      String charset, String collate, String message) {
    assertThatThrownBy(() -> MARIADB.check(new DatabaseSpec("db", charset, collate)))
        .isInstanceOfSatisfying(TroveError.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "UTF8, -, UTF8, -",
        "utf-8, C.UTF-8, UTF8, C.UTF-8",
        "unicode, C.utf8, UTF8, C.utf8",
        "latin1, -, LATIN1, -",
        "ISO-8859-1, en_US, LATIN1, en_US",
        "LATIN9, de_DE@euro, LATIN9, de_DE@euro",
        "-, en_US.UTF-8, -, en_US.UTF-8",
        "-, en_US.utf8, -, en_US.utf8",
        "WIN1251, C, WIN1251, C",
        "SQL_ASCII, en_US.UTF-8, SQL_ASCII, en_US.UTF-8",
        "-, POSIX, -, POSIX"
      })
  void postgresqlTakesServerEncodingsAndMatchingLocales(
      String charset, String collate, String expectedCharset, String expectedCollate) {
    DatabaseSpec checked = POSTGRESQL.check(new DatabaseSpec("db", charset, collate));
    assertThat(checked).isEqualTo(new DatabaseSpec("db", expectedCharset, expectedCollate));
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "bogus, -, not a PostgreSQL server encoding",
        "BIG5, -, not a PostgreSQL server encoding",
        "-, xx_YY.UTF-8, not a locale",
        "-, en_us.utf8, not a locale",
        "LATIN1, en_US.UTF-8, needs character set UTF8",
        "-, en_US, needs character set LATIN1",
        "UTF8, C.UTF-8@x, not a locale"
      })
  void postgresqlRefusesUnknownOrMismatchedNames(String charset, String collate, String message) {
    assertThatThrownBy(() -> POSTGRESQL.check(new DatabaseSpec("db", charset, collate)))
        .isInstanceOfSatisfying(TroveError.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining(message);
  }

  @Test
  void mysqlSharesMariaDbsListsAndEverythingElseIsPostgresql() {
    assertThat(DatabaseCharsets.forDatastore("mysql")).isSameAs(MARIADB);
    assertThat(DatabaseCharsets.forDatastore("anything")).isSameAs(POSTGRESQL);
  }
}
