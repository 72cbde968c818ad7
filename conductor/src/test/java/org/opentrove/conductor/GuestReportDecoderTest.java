package org.opentrove.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.ServiceStatus;

class GuestReportDecoderTest {
  private final GuestReportDecoder decoder = GuestMessages.decoder();
  private final UUID instance = UUID.randomUUID();

  private Decoded decode(byte[] body) {
    return decoder.decode(GuestMessages.delivery(1, body));
  }

  @Test
  void aStatusFromANewerGuestReadsAsUnknownAndKeepsTheRestOfTheHeartbeat() {
    Decoded decoded =
        decode(GuestMessages.heartbeat(instance, "RESTART_REQUIRED", "config changed", 12.5));

    assertThat(decoded.isReadable()).isTrue();
    GuestReport.Beat beat = (GuestReport.Beat) decoded.report();
    assertThat(beat.instanceId()).isEqualTo(instance);
    assertThat(beat.heartbeat().serviceStatus()).isEqualTo(ServiceStatus.UNKNOWN);
    assertThat(beat.heartbeat().message()).isEqualTo("config changed");
    assertThat(beat.sent()).isEqualTo(12.5);
  }

  @Test
  void undecodableMessagesAreRejectedWithAReasonAndNoBody() {
    assertThat(decode(GuestMessages.notJson()).problem()).isEqualTo("not a JSON envelope");
    assertThat(decode(GuestMessages.withoutArgs(ConductorMethods.HEARTBEAT)).problem())
        .isEqualTo("no args");
    assertThat(decode(GuestMessages.heartbeat(instance, null, null, 1)).problem())
        .isEqualTo("no service_status");
    byte[] noInstance =
        "{\"method\":\"heartbeat\",\"args\":{\"service_status\":\"HEALTHY\"},\"sent\":1}"
            .getBytes();
    assertThat(decode(noInstance).problem()).isEqualTo("no instance_id, or not a UUID");
  }

  @Test
  void aFieldOfTheWrongTypeNamesTheFieldNotItsValue() {
    byte[] body =
        ("{\"method\":\"heartbeat\",\"args\":{\"instance_id\":\""
                + instance
                + "\",\"service_status\":\"HEALTHY\",\"seq\":\"secret-ish\"},\"sent\":1}")
            .getBytes();

    Decoded decoded = decode(body);

    assertThat(decoded.problem()).isEqualTo("unreadable Heartbeat: field seq");
    assertThat(decoded.subject()).isEqualTo("heartbeat of instance " + instance);
  }

  @Test
  void anUnknownMethodIsRejected() {
    byte[] body = "{\"method\":\"reboot_the_world\",\"args\":{},\"sent\":1}".getBytes();

    assertThat(decode(body).problem()).isEqualTo("unknown method");
  }
}
