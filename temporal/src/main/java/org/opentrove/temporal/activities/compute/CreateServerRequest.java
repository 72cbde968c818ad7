package org.opentrove.temporal.activities.compute;

/**
 * What the server needs: its instance, its size, the volume to attach, and Trove's {@code locality}
 * (the server group policy it is placed under; null for none).
 */
public record CreateServerRequest(
    String instanceId, int ramMb, int vcpus, String datastore, String volumePath, String locality) {

  /** A server under no server group policy. */
  public CreateServerRequest(
      String instanceId, int ramMb, int vcpus, String datastore, String volumePath) {
    this(instanceId, ramMb, vcpus, datastore, volumePath, null);
  }
}
