package org.opentrove.contract;

/**
 * Args of {@link GuestMethods#UPDATE_ATTRIBUTES}: any of the new name, host and password may be
 * null (unchanged).
 */
public record UserUpdateArgs(UserRef user, String newName, String newHost, String newPassword) {

  @Override
  public String toString() {
    return "UserUpdateArgs[user="
        + user
        + ", newName="
        + newName
        + ", newHost="
        + newHost
        + ", newPassword="
        + (newPassword == null ? "null" : "***")
        + "]";
  }
}
