package org.opentrove.activities.compute.nova;

import org.opentrove.activities.openstack.OpenStackConfig;

/** The {@code nova} compute driver: a Nova server per instance, its data on a Cinder volume. */
public class NovaComputeConfig {
  public OpenStackConfig openstack = new OpenStackConfig();

  /** The Neutron network the servers' ports are on (the guests' management network). */
  public String networkId = "";

  /** Cinder's volume type for instances' volumes; empty for Cinder's default. */
  public String volumeType = "";

  /** Where the guest image mounts the attached volume; the guest keeps its data there. */
  public String guestDataDir = "/var/lib/opentrove/data";

  /** How long a server may take from boot to ACTIVE, and from delete to gone. */
  public int bootTimeoutSeconds = 600;

  public int deleteTimeoutSeconds = 300;

  /** How long a volume may take to become available (created, detached or extended). */
  public int volumeTimeoutSeconds = 300;

  public double heartbeatIntervalSeconds = 10;

  /**
   * This control plane's mark on what it makes ({@code opentrove_managed} metadata, a Neutron tag):
   * the orphan reaper touches only its own, so two control planes can share a project.
   */
  public String owner = "opentrove";

  /** How often the orphan reaper looks, and how old an unowned server or volume must be. */
  public int orphanCheckSeconds = 300;

  public int orphanGraceSeconds = 600;
}
