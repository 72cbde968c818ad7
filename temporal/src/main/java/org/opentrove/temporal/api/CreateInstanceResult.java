package org.opentrove.temporal.api;

/** Where the new instance listens. */
public record CreateInstanceResult(String host, int port) {}
