package org.opentrove.contract;

/**
 * Where a new replica copies its data from and then follows: the source's address as the replica's
 * datastore reaches it, and the replica's login there.
 */
public record ReplicationSource(String sourceId, String host, int port, ReplicaLogin login) {}
