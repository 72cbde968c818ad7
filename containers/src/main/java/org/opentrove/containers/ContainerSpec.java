package org.opentrove.containers;

import java.nio.file.Path;

/**
 * One instance's datastore container.
 *
 * @param image the datastore image ({@code opentrove/postgresql:15})
 * @param uid the instance's own uid, which the datastore's OS user takes inside
 * @param dataDir the instance's volume, mounted at the same path inside and nothing else of the
 *     host's filesystem
 * @param port published on 127.0.0.1 only, to the same port inside
 * @param network the project's isolated bridge network
 * @param mountsPropagate whether mounts made inside the volume on the host after the container
 *     started (the guest's reserved area) reach it: the volume must then be a shared mount
 */
public record ContainerSpec(
    String instanceId,
    String image,
    int uid,
    Path dataDir,
    int port,
    int memoryMb,
    int vcpus,
    String network,
    boolean mountsPropagate) {

  /** The uids instances get start here, far above any account the host or the image has. */
  public static final int MIN_UID = 100_000;
}
