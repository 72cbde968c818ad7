package org.opentrove.workflows.replica;

/**
 * How far a member of a set got, comparable within the set: PostgreSQL's WAL position ({@code
 * 16/B374D848}) as a byte offset, MariaDB's GTID position ({@code 0-2938475-1042}, a list for
 * several domains) as the sum of its sequence numbers, which only the set's one source advances.
 */
record ReplicationProgress(long amount, String unit) {

  static ReplicationProgress of(String position) {
    int slash = position.indexOf('/');
    if (slash > 0) {
      return new ReplicationProgress(
          (Long.parseLong(position.substring(0, slash), 16) << 32)
              + Long.parseLong(position.substring(slash + 1), 16),
          "bytes");
    }
    long transactions = 0;
    for (String gtid : position.split(",")) {
      String trimmed = gtid.strip();
      if (!trimmed.isEmpty()) {
        transactions += Long.parseLong(trimmed.substring(trimmed.lastIndexOf('-') + 1));
      }
    }
    return new ReplicationProgress(transactions, "transactions");
  }
}
