package org.beamlake.lake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet {@link InputFile} over any Beam filesystem, so tables are read the same on every cloud. */
final class BeamInputFile implements InputFile {
  private final MatchResult.Metadata file;

  BeamInputFile(MatchResult.Metadata file) {
    this.file = file;
  }

  /** The file's location: Parquet names the input file this way in its errors. */
  @Override
  public String toString() {
    return file.resourceId().toString();
  }

  @Override
  public long getLength() {
    return file.sizeBytes();
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    SeekableByteChannel channel = (SeekableByteChannel) FileSystems.open(file.resourceId());
    InputStream in = Channels.newInputStream(channel);
    return new DelegatingSeekableInputStream(in) {
      @Override
      public long getPos() throws IOException {
        return channel.position();
      }

      @Override
      public void seek(long newPos) throws IOException {
        channel.position(newPos);
      }

      @Override
      public int read(ByteBuffer buf) throws IOException {
        return channel.read(buf);
      }
    };
  }
}
