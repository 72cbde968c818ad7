package org.opentrove.contract;

import java.util.List;

/** Args of {@link GuestMethods#CREATE_USER} and {@link GuestMethods#CHANGE_PASSWORDS}. */
public record UsersArgs(List<UserSpec> users) {

  public UsersArgs {
    users = users == null ? List.of() : List.copyOf(users);
  }
}
