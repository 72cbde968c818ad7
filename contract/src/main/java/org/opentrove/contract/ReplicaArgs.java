package org.opentrove.contract;

/** Args of {@link GuestMethods#ADD_REPLICA} and {@link GuestMethods#REMOVE_REPLICA}. */
public record ReplicaArgs(String replicaId) {}
