package org.opentrove.api.core;

import java.util.List;
import java.util.UUID;
import org.opentrove.api.errors.TroveError;

/**
 * The volume service's types an instance's volume may be made of: Cinder's on Nova, none for the
 * local volume driver (its loop-mounted filesystems have one kind). Every type is allowed for every
 * datastore version, as Trove allows while no version is bound to types.
 */
public interface VolumeTypes {
  /** The local driver's: none. */
  VolumeTypes NONE = List::of;

  /** The types as the volume service lists them now. */
  List<VolumeType> list();

  /**
   * Refuses a {@code volume.type} the volume service does not have, with Trove's message for a type
   * not valid for the version (a 404, as Trove maps it); null (the default type) passes.
   */
  default void require(String name, UUID versionId) {
    if (name != null && list().stream().noneMatch(type -> type.name().equals(name))) {
      throw TroveError.notFound(
          "The volume type " + name + " is not valid for datastore version " + versionId + ".");
    }
  }
}
