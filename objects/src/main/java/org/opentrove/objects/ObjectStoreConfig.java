package org.opentrove.objects;

/**
 * Which object store, and how to reach it. {@code type: file} uses {@code path}; {@code type:
 * swift} authenticates at {@code authUrl} ({@code authVersion} 3: Keystone, with {@code user},
 * {@code key} as the password, {@code project}, {@code domain}, {@code region}; 1: Swift's
 * tempauth, with {@code user} as {@code account:user} and {@code key}) and writes into {@code
 * container}.
 */
public class ObjectStoreConfig {
  public String type = "file";
  public String path = System.getProperty("java.io.tmpdir") + "/opentrove-backups";
  public String authUrl = "";
  public int authVersion = 3;
  public String user = "";
  public String key = "";
  public String project = "";
  public String domain = "default";
  public String region = "RegionOne";
  public String container = "database_backups";

  /** Caps how fast a guest writes a backup, in MiB/s, to spare the datastore's disk; 0: none. */
  public double writeLimitMibPerSecond = 0;

  @Override
  public String toString() {
    return "ObjectStoreConfig[type="
        + type
        + ", path="
        + path
        + ", authUrl="
        + authUrl
        + ", authVersion="
        + authVersion
        + ", user="
        + user
        + ", key=***, project="
        + project
        + ", container="
        + container
        + "]";
  }
}
