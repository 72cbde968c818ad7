package org.opentrove.contract;

/** Commands the control plane sends to a guest agent; names match Trove's guest API. */
public final class GuestMethods {
  /** Cast: initialise and start the datastore, create the initial databases and users. */
  public static final String PREPARE = "prepare";

  /** Call: stop the datastore cleanly (before the instance is deleted). */
  public static final String STOP_DB = "stop_db";

  /** Call: restart the datastore. */
  public static final String RESTART = "restart";

  /** Call: report the datastore's current status. */
  public static final String GET_STATUS = "get_status";

  private GuestMethods() {}
}
