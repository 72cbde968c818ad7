package org.opentrove.temporal.activities.objects;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import org.opentrove.temporal.ActivityProfiles;
import org.opentrove.temporal.UsesProfile;

/** The backup object store, as the control plane uses it (guests write; workflows remove). */
@ActivityInterface
public interface ObjectStoreActivities {
  /**
   * Removes every object of a backup and anything an interrupted write left. Idempotent: a location
   * with nothing in it is already deleted.
   */
  @ActivityMethod(name = "DeleteBackupObjects")
  @UsesProfile(ActivityProfiles.COMPUTE)
  void deleteBackupObjects(String location);
}
