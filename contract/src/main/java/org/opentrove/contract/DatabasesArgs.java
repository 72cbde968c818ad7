package org.opentrove.contract;

import java.util.List;

/** Args of {@link GuestMethods#CREATE_DATABASE}: created together, or none if one exists. */
public record DatabasesArgs(List<DatabaseSpec> databases) {

  public DatabasesArgs {
    databases = databases == null ? List.of() : List.copyOf(databases);
  }
}
