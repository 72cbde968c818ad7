package org.opentrove.temporal;

/** One named set of activity options, as written in config.yml. */
public class ActivityProfile {
  public int startToCloseSeconds = 60;
  public int heartbeatSeconds = 0;
  public int maximumAttempts = 0;
  public double initialIntervalSeconds = 0.2;
  public double maximumIntervalSeconds = 10;

  public ActivityProfile() {}

  public ActivityProfile(int startToCloseSeconds, int heartbeatSeconds, int maximumAttempts) {
    this.startToCloseSeconds = startToCloseSeconds;
    this.heartbeatSeconds = heartbeatSeconds;
    this.maximumAttempts = maximumAttempts;
  }
}
