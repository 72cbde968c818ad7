package org.opentrove.temporal.activities.compute;

/** What the server needs: its instance, its size, and the volume to attach. */
public record CreateServerRequest(
    String instanceId, int ramMb, int vcpus, String datastore, String volumePath) {}
