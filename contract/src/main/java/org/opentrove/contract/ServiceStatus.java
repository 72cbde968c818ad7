package org.opentrove.contract;

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

  public String apiStatus() {
    return apiStatus;
  }

  public boolean isResponsive() {
    return this == HEALTHY || this == RUNNING;
  }
}
