package org.opentrove.api.views;

import java.util.LinkedHashMap;
import java.util.Map;
import org.opentrove.api.core.VolumeType;

/** Trove's volume type view ({@code volume_type/views.py}). */
public final class VolumeTypeView {
  private VolumeTypeView() {}

  public static Map<String, Object> of(VolumeType type) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", type.id());
    view.put("name", type.name());
    view.put("is_public", type.isPublic());
    view.put("description", type.description());
    return view;
  }
}
