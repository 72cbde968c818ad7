package org.opentrove.temporal.activities.compute;

/** A running server and the address its datastore will listen on. */
public record ServerInfo(String serverId, String host, int port) {}
