package org.opentrove.conductor;

/**
 * One delivery after decoding: a report to apply, or the problem that makes it a dead letter. The
 * subject names the message in logs (method and instance, never the body).
 */
record Decoded(Delivery delivery, String subject, GuestReport report, String problem) {

  static Decoded readable(Delivery delivery, String subject, GuestReport report) {
    return new Decoded(delivery, subject, report, null);
  }

  static Decoded poison(Delivery delivery, String subject, String problem) {
    return new Decoded(delivery, subject, null, problem);
  }

  boolean isReadable() {
    return report != null;
  }
}
