package org.opentrove.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

  @Test
  void plainIdentifierIsDoubleQuoted() {
    assertThat(Identifiers.quoteIdentifier("appdb")).isEqualTo("\"appdb\"");
    assertThat(Identifiers.quoteIdentifier("MixedCase")).isEqualTo("\"MixedCase\"");
  }

  @Test
  void doubleQuotesInsideIdentifiersAreDoubled() {
    assertThat(Identifiers.quoteIdentifier("x\"; drop database appdb; --"))
        .isEqualTo("\"x\"\"; drop database appdb; --\"");
    assertThat(Identifiers.quoteIdentifier("\"")).isEqualTo("\"\"\"\"");
  }

  @Test
  void semicolonsCommentsAndSingleQuotesStayInsideTheIdentifier() {
    assertThat(Identifiers.quoteIdentifier("a;b--c/*d*/'e")).isEqualTo("\"a;b--c/*d*/'e\"");
  }

  @Test
  void unicodeIsKeptAsIs() {
    assertThat(Identifiers.quoteIdentifier("données_日本")).isEqualTo("\"données_日本\"");
    assertThat(Identifiers.quoteLiteral("pässwörd✓")).isEqualTo("'pässwörd✓'");
  }

  @Test
  void singleQuotesInLiteralsAreDoubledAndBackslashesKept() {
    assertThat(Identifiers.quoteLiteral("it's")).isEqualTo("'it''s'");
    assertThat(Identifiers.quoteLiteral("'; drop role x; --")).isEqualTo("'''; drop role x; --'");
    assertThat(Identifiers.quoteLiteral("a\\'b")).isEqualTo("'a\\''b'");
    assertThat(Identifiers.quoteLiteral("")).isEqualTo("''");
  }

  @Test
  void nulCharactersAreRejected() {
    assertThatThrownBy(() -> Identifiers.quoteIdentifier("a\0b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> Identifiers.quoteLiteral("a\0b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
  }

  @Test
  void nullAndEmptyIdentifiersAreRejected() {
    assertThatThrownBy(() -> Identifiers.quoteIdentifier(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Identifiers.quoteIdentifier(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Identifiers.quoteLiteral(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
