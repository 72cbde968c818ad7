package org.opentrove.activities.openstack;

/**
 * The control plane's own OpenStack account: a service user in the project that owns the instances'
 * servers and volumes (Trove's {@code nova_proxy_admin_*}).
 */
public class OpenStackConfig {
  /** Keystone v3, e.g. {@code http://keystone:5000/v3}. */
  public String authUrl = "";

  public String user = "";
  public String password = "";
  public String project = "";

  /** The user's and project's domain: an id ({@code default}) or a name. */
  public String domain = "default";

  public String region = "RegionOne";

  @Override
  public String toString() {
    return "user '" + user + "' of project '" + project + "' at " + authUrl; // never the password
  }
}
