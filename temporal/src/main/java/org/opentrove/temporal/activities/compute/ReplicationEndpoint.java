package org.opentrove.temporal.activities.compute;

/** Where a replica's datastore reaches its source's: from inside the replica's server. */
public record ReplicationEndpoint(String host, int port) {}
