package org.opentrove.contract;

import java.util.List;

/** Args of {@link GuestMethods#PREPARE}. */
public record PrepareArgs(
    String datastore,
    String datastoreVersion,
    int port,
    int memoryMb,
    List<DatabaseSpec> databases,
    List<UserSpec> users) {

  public PrepareArgs {
    databases = databases == null ? List.of() : List.copyOf(databases);
    users = users == null ? List.of() : List.copyOf(users);
  }
}
