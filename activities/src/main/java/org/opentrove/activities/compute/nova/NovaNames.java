package org.opentrove.activities.compute.nova;

import java.util.Map;

/**
 * How an instance's server, volume and security group are found again: by a name made from the
 * instance id and by metadata, so a retried activity finds what an earlier attempt made.
 */
public final class NovaNames {
  /** Metadata on servers and volumes: the instance they belong to. */
  public static final String INSTANCE_KEY = "opentrove_instance_id";

  /**
   * Metadata on servers and volumes: which control plane made them (the orphan reaper's filter).
   */
  public static final String MANAGED_KEY = "opentrove_managed";

  private static final String PREFIX = "trove-";

  private NovaNames() {}

  public static String of(String instanceId) {
    return PREFIX + instanceId;
  }

  public static Map<String, String> metadata(String instanceId, String owner) {
    return Map.of(INSTANCE_KEY, instanceId, MANAGED_KEY, owner);
  }

  /** The instance a name of ours stands for, if it is one. */
  static java.util.Optional<String> instanceOf(String name) {
    return name != null && name.startsWith(PREFIX)
        ? java.util.Optional.of(name.substring(PREFIX.length()))
        : java.util.Optional.empty();
  }

  /** Neutron's security groups have tags, not metadata: the owner's mark as a tag. */
  static String ownerTag(String owner) {
    return MANAGED_KEY + "=" + owner;
  }

  /** The port the datastore listens on in its server: the datastore's standard one. */
  static int datastorePort(String datastore) {
    return switch (datastore) {
      case "mariadb", "mysql" -> 3306;
      default -> 5432;
    };
  }
}
