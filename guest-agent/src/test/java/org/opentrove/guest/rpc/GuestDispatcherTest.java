package org.opentrove.guest.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.GuestErrorType;
import org.opentrove.contract.GuestMethods;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.Reply;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.Wire;
import org.opentrove.guest.GuestOperationException;

class GuestDispatcherTest {
  private final FakeManager manager = new FakeManager();
  private final GuestDispatcher dispatcher = new GuestDispatcher(manager);

  @Test
  void getStatusRepliesWithServiceStatus() {
    Reply reply = dispatcher.dispatch(envelope(GuestMethods.GET_STATUS, Map.of()));
    assertThat(reply.isError()).isFalse();
    assertThat(reply.result().get("service_status").asText()).isEqualTo("HEALTHY");
  }

  @Test
  void prepareDecodesItsArguments() {
    PrepareArgs args = new PrepareArgs("postgresql", "15", 5433, 512, List.of(), List.of());
    Reply reply = dispatcher.dispatch(envelope(GuestMethods.PREPARE, args));
    assertThat(reply.isError()).isFalse();
    assertThat(manager.prepared).containsExactly(args);
  }

  @Test
  void unknownMethodIsAnError() {
    Reply reply = dispatcher.dispatch(envelope("mount_volume", Map.of()));
    assertThat(reply.errorType()).isEqualTo(GuestErrorType.UNKNOWN_METHOD.wireName());
    assertThat(reply.errorMessage()).contains("mount_volume");
  }

  @Test
  void unreadableArgumentsAreInvalidArguments() {
    Reply reply = dispatcher.dispatch(envelope(GuestMethods.PREPARE, Map.of("port", "not-a-port")));
    assertThat(reply.errorType()).isEqualTo(GuestErrorType.INVALID_ARGUMENTS.wireName());
  }

  @Test
  void typedFailuresKeepTheirTypeAndOthersBecomeGuestError() {
    manager.failRestartWith = new GuestOperationException(GuestErrorType.NOT_PREPARED, "no");
    assertThat(dispatcher.dispatch(envelope(GuestMethods.RESTART, Map.of())).errorType())
        .isEqualTo("NotPrepared");
    manager.failRestartWith = new IllegalStateException("boom");
    Reply reply = dispatcher.dispatch(envelope(GuestMethods.RESTART, Map.of()));
    assertThat(reply.errorType()).isEqualTo(GuestErrorType.GUEST_ERROR.wireName());
    assertThat(reply.errorMessage()).doesNotContain("boom");
  }

  static Envelope envelope(String method, Object args) {
    return Wire.envelope(method, args, RequestContext.none(), Clock.systemUTC());
  }
}
