package org.opentrove.conductor;

/**
 * One message taken from the broker, not yet acknowledged. {@code userId}: the message's {@code
 * user-id} property, which the broker checked against the publisher's login (null when unset).
 */
record Delivery(long tag, byte[] body, String userId) {}
