package org.opentrove.contract;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The datastore's health as a guest reports it, with the API string Trove shows for each. */
public enum ServiceStatus {
  NEW("NEW"),
  BUILDING("BUILD"),
  HEALTHY("HEALTHY"),
  RUNNING("ACTIVE"),
  SHUTDOWN("SHUTDOWN"),
  CRASHED("SHUTDOWN"),
  FAILED("FAILED"),
  UNKNOWN("ERROR");

  private final String apiStatus;

  ServiceStatus(String apiStatus) {
    this.apiStatus = apiStatus;
  }

  /**
   * Reads a status off the wire; a name this version does not know (a newer guest during an
   * upgrade) reads as {@link #UNKNOWN}. Refusing the whole heartbeat instead would drop the proof
   * that the guest is alive, so its instance would show SHUTDOWN after the heartbeat expiry;
   * UNKNOWN keeps it alive, shows the truth (this control plane cannot tell its health) and ends no
   * create's wait.
   */
  @JsonCreator
  public static ServiceStatus fromWire(String name) {
    if (name == null) {
      return null;
    }
    for (ServiceStatus status : values()) {
      if (status.name().equals(name)) {
        return status;
      }
    }
    return UNKNOWN;
  }

  public String apiStatus() {
    return apiStatus;
  }

  public boolean isResponsive() {
    return this == HEALTHY || this == RUNNING;
  }
}
