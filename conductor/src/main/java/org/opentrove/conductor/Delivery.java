package org.opentrove.conductor;

/** One message taken from the broker, not yet acknowledged. */
record Delivery(long tag, byte[] body) {}
