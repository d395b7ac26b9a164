package org.beamlake.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.beamlake.parse.StrictDecoder.UndecodableBytes;
import org.junit.jupiter.api.Test;

/** {@link StrictDecoder}: all good text first, then an error at the bad bytes, then the rest with U+FFFD. */
class ParseTextDecodingTest {

  /** A stream that gives one byte per read, so characters are split across fills. */
  static InputStream oneByteAtATime(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] buffer, int offset, int length) {
        return super.read(buffer, offset, Math.min(length, 1));
      }
    };
  }

  static String readUpToError(Reader reader, StringBuilder text) throws IOException {
    char[] buffer = new char[1024];
    for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
      text.append(buffer, 0, n);
    }
    return text.toString();
  }

  @Test
  void decodesCharactersSplitAcrossReads() throws IOException {
    String text = "café, 東京, 😀\r\nend";
    Reader reader = new StrictDecoder(oneByteAtATime(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    assertEquals(text, readUpToError(reader, new StringBuilder()));
  }

  @Test
  void handsOutTheTextBeforeBadBytesThenFailsThenReplaces() throws IOException {
    byte[] bytes = "ok\r\nline 2\nca\u00e9 3\nrest".getBytes(StandardCharsets.ISO_8859_1);
    Reader reader = new StrictDecoder(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8);
    StringBuilder text = new StringBuilder();
    UndecodableBytes error = assertThrows(UndecodableBytes.class, () -> readUpToError(reader, text));
    assertEquals("ok\r\nline 2\nca", text.toString());
    assertEquals("text is not valid UTF-8 at byte 13", error.getMessage());
    assertEquals(3, error.line());
    assertEquals("\uFFFD 3\nrest", readUpToError(reader, new StringBuilder()));
  }

  @Test
  void failsOnATruncatedCharacterAtTheEnd() throws IOException {
    byte[] bytes = {'a', 'b', (byte) 0xE6, (byte) 0x9D};
    Reader reader = new StrictDecoder(oneByteAtATime(bytes), StandardCharsets.UTF_8);
    StringBuilder text = new StringBuilder();
    UndecodableBytes error = assertThrows(UndecodableBytes.class, () -> readUpToError(reader, text));
    assertEquals("ab", text.toString());
    assertEquals("text is not valid UTF-8 at byte 2", error.getMessage());
  }
}
