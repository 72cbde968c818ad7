package org.opentrove.guest.rpc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.opentrove.contract.Reply;

/**
 * The replies of recently applied commands by idempotency key, so that a retried command is
 * answered without being applied again. Bounded: the least recently used key goes first.
 */
final class ReplyCache {
  static final int DEFAULT_CAPACITY = 256;

  private final Map<String, Reply> replies;

  ReplyCache(int capacity) {
    this.replies =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Reply> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized Optional<Reply> get(String key) {
    return key == null ? Optional.empty() : Optional.ofNullable(replies.get(key));
  }

  synchronized void put(String key, Reply reply) {
    if (key != null) {
      replies.put(key, reply);
    }
  }

  synchronized int size() {
    return replies.size();
  }
}
