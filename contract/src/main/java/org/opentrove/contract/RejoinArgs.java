package org.opentrove.contract;

/**
 * Args of {@link GuestMethods#REJOIN_SOURCE}: the set's source to copy and follow, and the flavor's
 * memory the datastore is configured for.
 */
public record RejoinArgs(ReplicationSource source, int memoryMb) {}
