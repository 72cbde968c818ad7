package org.opentrove.guest;

/**
 * Logs the health check in while the datastore is still starting. In a fresh agent the first login
 * (the driver's classes, the authentication exchange) costs about half a second; made after the
 * start, it would delay the first healthy heartbeat, which ends a create.
 */
final class EarlyContact implements AutoCloseable {
  private static final long RETRY_MILLIS = 20;
  private static final long GIVE_UP_MILLIS = 120_000;

  private final Thread thread;
  private volatile boolean stopped;

  private EarlyContact(DatastoreAdmin admin) {
    thread = new Thread(() -> contact(admin), "early-contact");
    thread.setDaemon(true);
  }

  static EarlyContact start(DatastoreAdmin admin) {
    EarlyContact contact = new EarlyContact(admin);
    contact.thread.start();
    return contact;
  }

  private void contact(DatastoreAdmin admin) {
    long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
    while (!stopped && System.currentTimeMillis() < deadline && !admin.ping()) {
      try {
        Thread.sleep(RETRY_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops trying; a login under way finishes and is kept for the next health check. */
  @Override
  public void close() {
    stopped = true;
  }
}
