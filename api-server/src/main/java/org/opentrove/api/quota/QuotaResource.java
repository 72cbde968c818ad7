package org.opentrove.api.quota;

import java.util.Arrays;
import java.util.Optional;

/** Trove's quota resources, in the order Trove registers them (and shows them). */
public enum QuotaResource {
  INSTANCES("instances"),
  RAM("ram"),
  BACKUPS("backups"),
  VOLUMES("volumes");

  private final String troveName;

  QuotaResource(String troveName) {
    this.troveName = troveName;
  }

  public String troveName() {
    return troveName;
  }

  public static Optional<QuotaResource> named(String name) {
    return Arrays.stream(values()).filter(r -> r.troveName.equals(name)).findFirst();
  }
}
