package org.opentrove.activities.compute;

import java.io.IOException;
import java.util.List;

/** Removes what a compute driver made for instances that no longer own it. */
public interface OrphanReaper {
  /** One pass; returns the instance ids whose leftovers it removed. */
  List<String> reap() throws IOException;
}
