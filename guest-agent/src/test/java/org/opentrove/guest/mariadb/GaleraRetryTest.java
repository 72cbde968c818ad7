package org.opentrove.guest.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GaleraRetryTest {
  private static final SQLException NOT_SYNCED =
      new SQLException("WSREP has not yet prepared node for application use", "08S01", 1047);
  private static final SQLException CONFLICT =
      new SQLException("Deadlock found when trying to get lock", "40001", 1213);

  @Test
  void aStatementGaleraRefusedForTheMomentRunsAgainUntilItSucceeds() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    GaleraRetry.run(
        () -> {
          if (runs.incrementAndGet() == 1) {
            throw NOT_SYNCED;
          }
          if (runs.get() == 2) {
            throw CONFLICT;
          }
        });
    assertThat(runs).hasValue(3);
  }

  @Test
  void anyOtherErrorIsTheCallersAtOnce() {
    AtomicInteger runs = new AtomicInteger();
    SQLException denied = new SQLException("Access denied", "28000", 1045);
    assertThatThrownBy(
            () ->
                GaleraRetry.run(
                    () -> {
                      runs.incrementAndGet();
                      throw denied;
                    }))
        .isSameAs(denied);
    assertThat(runs).hasValue(1);
  }

  @Test
  void aRefusalThatLastsEndsAfterTheLastAttempt() {
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(
            () ->
                GaleraRetry.run(
                    () -> {
                      runs.incrementAndGet();
                      throw NOT_SYNCED;
                    }))
        .isSameAs(NOT_SYNCED);
    assertThat(runs).hasValue(GaleraRetry.ATTEMPTS);
  }
}
