package org.opentrove.contract;

/**
 * The account a replica replicates with (its own, made by the source's guest) and the source's slot
 * kept for it. Travels only in encrypted workflow payloads and the guests' queues.
 */
public record ReplicaLogin(String user, String password, String slot) {

  @Override
  public String toString() {
    return "ReplicaLogin[user=" + user + ", password=***, slot=" + slot + "]";
  }
}
