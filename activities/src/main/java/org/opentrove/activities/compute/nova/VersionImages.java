package org.opentrove.activities.compute.nova;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.store.DatastoreAdminDao;
import org.opentrove.store.DatastoreAdminDao.VersionImage;

/**
 * The Glance image an instance's datastore version registers (Trove's {@code image} or {@code
 * image_tags}), read when its server is created, as Trove's taskmanager reads it.
 */
public interface VersionImages {
  Optional<VersionImage> of(String instanceId);

  /** No registry: every server boots the image tagged {@code trove} and its datastore. */
  static VersionImages none() {
    return instanceId -> Optional.empty();
  }

  static VersionImages fromStore(Jdbi jdbi) {
    return instanceId ->
        jdbi.withExtension(
            DatastoreAdminDao.class, dao -> dao.imageOf(UUID.fromString(instanceId)));
  }
}
