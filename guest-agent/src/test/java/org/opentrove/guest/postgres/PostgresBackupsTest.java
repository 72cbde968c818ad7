package org.opentrove.guest.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresBackupsTest {
  @Test
  void theNextSegmentFollowsWalNaming() {
    assertThat(PostgresBackups.next("000000010000000000000003"))
        .isEqualTo("000000010000000000000004");
    assertThat(PostgresBackups.next("0000000100000000000000FF"))
        .isEqualTo("000000010000000100000000");
    assertThat(PostgresBackups.next("00000002000000AB000000FE"))
        .isEqualTo("00000002000000AB000000FF");
  }
}
