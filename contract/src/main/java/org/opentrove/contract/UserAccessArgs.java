package org.opentrove.contract;

import java.util.List;

/** Args of {@link GuestMethods#GRANT_ACCESS} and {@link GuestMethods#REVOKE_ACCESS}. */
public record UserAccessArgs(UserRef user, List<String> databases) {

  public UserAccessArgs {
    databases = databases == null ? List.of() : List.copyOf(databases);
  }
}
