package org.opentrove.guest.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.Reply;

class ReplyCacheTest {

  @Test
  void evictsTheLeastRecentlyUsedKeyBeyondCapacity() {
    ReplyCache cache = new ReplyCache(2);
    cache.put("a", Reply.ok(Map.of("n", 1)));
    cache.put("b", Reply.ok(Map.of("n", 2)));
    assertThat(cache.get("a")).isPresent();
    cache.put("c", Reply.ok(Map.of("n", 3)));

    assertThat(cache.get("a")).isPresent();
    assertThat(cache.get("b")).isEmpty();
    assertThat(cache.get("c")).isPresent();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void nullKeysAreNeverCached() {
    ReplyCache cache = new ReplyCache(2);
    cache.put(null, Reply.ok(Map.of()));
    assertThat(cache.get(null)).isEmpty();
    assertThat(cache.size()).isZero();
  }
}
