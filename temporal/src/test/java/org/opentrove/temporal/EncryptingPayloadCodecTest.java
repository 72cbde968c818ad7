package org.opentrove.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncryptingPayloadCodecTest {
  private final EncryptingPayloadCodec codec =
      EncryptingPayloadCodec.fromBase64(EncryptingPayloadCodec.newBase64Key());

  private static Payload json(String text) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text))
        .build();
  }

  @Test
  void encryptedPayloadHidesThePasswordAndRoundTrips() {
    Payload plain = json("{\"users\":[{\"name\":\"u\",\"password\":\"hunter2\"}]}");

    Payload sealed = codec.encode(List.of(plain)).get(0);

    assertThat(sealed.getData().toStringUtf8()).doesNotContain("hunter2");
    assertThat(sealed.toByteArray()).isNotEqualTo(plain.toByteArray());
    assertThat(codec.decode(List.of(sealed))).containsExactly(plain);
  }

  @Test
  void anotherKeyCannotDecrypt() {
    Payload sealed = codec.encode(List.of(json("{}"))).get(0);
    EncryptingPayloadCodec other =
        EncryptingPayloadCodec.fromBase64(EncryptingPayloadCodec.newBase64Key());

    assertThatThrownBy(() -> other.decode(List.of(sealed)))
        .isInstanceOf(PayloadCodecException.class);
  }

  @Test
  void rejectsKeysOfTheWrongSize() {
    assertThatThrownBy(() -> EncryptingPayloadCodec.fromBase64("c2hvcnQ="))
        .hasMessageContaining("32 bytes");
  }
}
