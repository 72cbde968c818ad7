package org.opentrove.contract.bus;

/**
 * A guest's broker account: {@code guest-<instance id>} and its password. The conductor trusts a
 * report about an instance only when the broker-validated {@code user-id} of the message is that
 * instance's user. {@link #toString()} never shows the password.
 */
public record GuestIdentity(String instanceId, String user, String password) {
  private static final String PREFIX = "guest-";

  public static String userOf(String instanceId) {
    return PREFIX + instanceId;
  }

  @Override
  public String toString() {
    return "GuestIdentity[" + user + "]";
  }
}
