package org.opentrove.api.core;

import java.util.Arrays;

/** Trove's ClusterTasks: the id, name and description a cluster's task shows. */
public enum ClusterTasks {
  NONE(1, "NONE", "No tasks for the cluster."),
  BUILDING_INITIAL(2, "BUILDING", "Building the initial cluster."),
  DELETING(3, "DELETING", "Deleting the cluster."),
  GROWING_CLUSTER(5, "GROWING_CLUSTER", "Increasing the size of the cluster."),
  SHRINKING_CLUSTER(6, "SHRINKING_CLUSTER", "Decreasing the size of the cluster."),
  RESTARTING_CLUSTER(8, "RESTARTING_CLUSTER", "Restarting the cluster.");

  private final int code;
  private final String troveName;
  private final String description;

  ClusterTasks(int code, String troveName, String description) {
    this.code = code;
    this.troveName = troveName;
    this.description = description;
  }

  public int code() {
    return code;
  }

  public String troveName() {
    return troveName;
  }

  public String description() {
    return description;
  }

  /** The task stored as {@code stored} (the constant's name). */
  public static ClusterTasks of(String stored) {
    return Arrays.stream(values())
        .filter(task -> task.name().equals(stored))
        .findFirst()
        .orElse(NONE);
  }
}
