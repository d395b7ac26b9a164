package org.beamlake.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes bytes to text and fails on bytes that are not valid in the charset, where {@link
 * java.io.InputStreamReader} would either put U+FFFD in the data or, in {@code REPORT} mode, throw
 * away the text decoded before the bad bytes. This reader first hands out all text before the bad
 * bytes, then throws a {@link CharacterCodingException} naming the byte offset, so a parser fails
 * at the record that holds them. After that it goes on with U+FFFD for bad bytes, so the rest of
 * the file can still be put into a reject.
 */
final class StrictDecoder extends Reader {
  private final InputStream in;
  private final Charset charset;
  private final CharsetDecoder decoder;
  private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
  private long bytesBefore;
  private boolean endOfInput;
  private boolean flushed;
  private long line;
  private boolean afterCarriageReturn;
  private UndecodableBytes pending;

  StrictDecoder(InputStream in, Charset charset) {
    this(in, charset, 0, 1);
  }

  /**
   * Decodes a part of a file that starts at byte {@code firstByte}, line {@code firstLine}: errors
   * name the file's byte and line.
   */
  StrictDecoder(InputStream in, Charset charset, long firstByte, long firstLine) {
    this.bytesBefore = firstByte;
    this.line = firstLine;
    this.in = in;
    this.charset = charset;
    this.decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    if (pending != null) {
      CharacterCodingException error = pending;
      pending = null;
      decoder.onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
      throw error;
    }
    if (length == 0) {
      return 0;
    }
    CharBuffer out = CharBuffer.wrap(buffer, offset, length);
    while (out.position() == offset && !flushed) {
      CoderResult result = decoder.decode(bytes, out, endOfInput);
      if (result.isError()) {
        countLines(buffer, offset, out.position());
        pending = new UndecodableBytes(
            "text is not valid " + charset.name() + " at byte " + (bytesBefore + bytes.position()), line);
        if (out.position() == offset) {
          return read(buffer, offset, length);
        }
      } else if (result.isUnderflow() && endOfInput) {
        flushed = decoder.flush(out).isUnderflow();
      } else if (result.isUnderflow()) {
        fill();
      }
    }
    if (pending == null) {
      countLines(buffer, offset, out.position());
    }
    int n = out.position() - offset;
    return n == 0 ? -1 : n;
  }

  private void countLines(char[] buffer, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = buffer[i];
      if (c == '\r' || (c == '\n' && !afterCarriageReturn)) {
        line++;
      }
      afterCarriageReturn = c == '\r';
    }
  }

  private void fill() throws IOException {
    bytesBefore += bytes.position();
    bytes.compact();
    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (n < 0) {
      endOfInput = true;
    } else {
      bytes.position(bytes.position() + n);
    }
    bytes.flip();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Bytes that the charset cannot decode; the message says which charset and where. */
  static final class UndecodableBytes extends CharacterCodingException {
    private static final long serialVersionUID = 1L;
    private final String message;
    private final long line;

    UndecodableBytes(String message, long line) {
      this.message = message;
      this.line = line;
    }

    /** The line (1-based, as decoded) that holds the bad bytes. */
    long line() {
      return line;
    }

    @Override
    public String getMessage() {
      return message;
    }
  }
}
