package org.opentrove.activities.compute.nova;

import java.time.Instant;

/** Something found on the cloud that a control plane made for an instance, and when. */
public record Made(String instanceId, Instant at) {}
