package org.opentrove.contract;

/**
 * A position in a datastore's replication stream (PostgreSQL: a WAL location such as {@code
 * 0/3000028}); null when there is none to wait for.
 */
public record ReplicationPosition(String position) {}
