package org.beamlake.clean;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.schema.CoderBuffer;
import org.beamlake.schema.Rows;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Groups rows by some of their columns, as {@code GroupByKey} of {@code KV<key, row>} would, but
 * moves them through the shuffle in blocks: each bundle encodes its rows into one buffer per
 * bucket of keys (a hash of the key's values), and only those buffers, a few hundred rows each,
 * are grouped by bucket. After the grouping each bucket's rows are decoded and grouped by their
 * key in memory, and every group leaves as one {@code KV<key, rows>}.
 *
 * <pre>{@code
 * PCollection<KV<Row, Iterable<Row>>> byCountry =
 *     rows.apply(GroupRowsInBlocks.by(List.of("country")));
 * }</pre>
 *
 * <p>Why: a runner's {@code GroupByKey} pays per element. Beam's Spark runner encodes each value
 * with its window, timestamp and pane, encodes the key a second time to sort by, and hands every
 * pair to Spark's serializer and sorter; for the benchmark's group-mean fill, groups of about ten
 * rows, that was a fifth of the ETL (BENCHMARKS.md, "Rows grouped in blocks"). Here those costs
 * are paid per block, and a row is encoded once by its {@link RowCoder} into a plain buffer.
 *
 * <p>Guarantees: the same groups as a {@code GroupByKey} of the rows keyed by the columns (keys
 * equal as {@link Row#equals} compares them, which is how their encodings compare), every row in
 * exactly one group, groups in no particular order. Memory: a bundle holds at most {@value
 * #MAX_BUFFERED_BYTES} bytes of encoded rows before it sends its buffers on; after the grouping a
 * bucket's rows, about 1/{@value #BUCKETS} of all of them, are held at once, and a single large
 * group is held whole, as a {@code GroupByKey}'s consumer would hold it to read it twice. Outside
 * the global window this is a plain {@code GroupByKey}: a bundle's buffers are only sent with
 * their window in the global one.
 */
public final class GroupRowsInBlocks extends PTransform<PCollection<Row>, PCollection<KV<Row, Iterable<Row>>>> {
  /** Buckets of keys: the number of distinct keys of the shuffle. */
  static final int BUCKETS = 2048;
  /** A bucket's buffer is sent on when it holds this many bytes. */
  static final int BLOCK_BYTES = 64 << 10;
  /** All buffers are sent on when together they hold this many bytes. */
  static final int MAX_BUFFERED_BYTES = 48 << 20;

  private final List<String> keyColumns;
  private final int blockBytes;
  private final long maxBufferedBytes;

  private GroupRowsInBlocks(List<String> keyColumns, int blockBytes, long maxBufferedBytes) {
    this.keyColumns = List.copyOf(keyColumns);
    this.blockBytes = blockBytes;
    this.maxBufferedBytes = maxBufferedBytes;
  }

  /** Groups by the named columns, in that order (the key rows' schema). */
  public static GroupRowsInBlocks by(List<String> keyColumns) {
    checkArgument(!keyColumns.isEmpty(), "GroupRowsInBlocks needs at least one key column");
    return new GroupRowsInBlocks(keyColumns, BLOCK_BYTES, MAX_BUFFERED_BYTES);
  }

  /**
   * A bucket's buffer sent on at {@code blockBytes}, all of them at {@code maxBufferedBytes}: tests
   * use small ones so that both happen.
   */
  GroupRowsInBlocks withBuffers(int blockBytes, long maxBufferedBytes) {
    checkArgument(blockBytes > 0 && maxBufferedBytes > 0, "buffer sizes must be > 0, got %s and %s", blockBytes,
        maxBufferedBytes);
    return new GroupRowsInBlocks(keyColumns, blockBytes, maxBufferedBytes);
  }

  @Override
  public PCollection<KV<Row, Iterable<Row>>> expand(PCollection<Row> input) {
    Schema schema = input.getSchema();
    for (String column : keyColumns) {
      checkArgument(schema.hasField(column), "no column '%s' to group by in %s", column, schema.getFieldNames());
    }
    int[] keyIndexes = keyColumns.stream().mapToInt(schema::indexOf).toArray();
    Schema keySchema = keyColumns.stream().map(schema::getField).collect(Schema.toSchema());
    KvCoder<Row, Iterable<Row>> outputCoder = KvCoder.of(RowCoder.of(keySchema), IterableCoder.of(RowCoder.of(schema)));
    if (!(input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
      return input
          .apply("KeyByGroup", ParDo.of(new KeyFn(keySchema, keyIndexes)))
          .setCoder(KvCoder.of(RowCoder.of(keySchema), RowCoder.of(schema)))
          .apply("GroupRows", GroupByKey.create())
          .setCoder(outputCoder);
    }
    return input
        .apply("EncodeInBlocks", ParDo.of(new EncodeFn(schema, keyIndexes, blockBytes, maxBufferedBytes, keySchema)))
        .setCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of()))
        .apply("GroupBlocks", GroupByKey.create())
        .apply("DecodeGroups", ParDo.of(new DecodeFn(schema, keySchema, keyIndexes)))
        .setCoder(outputCoder);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("keyColumns", String.join(", ", keyColumns)).withLabel("Key columns"))
        .add(DisplayData.item("blockBytes", blockBytes).withLabel("Block bytes"));
  }

  /**
   * Whether a key of these fields can be bucketed by its values' own hash codes: those of strings,
   * numbers, booleans and decimals are defined by their contents, so every worker puts a key in the
   * same bucket. Other keys (bytes, whose hash is their identity, date-times, whose hash includes
   * their chronology, lists, maps, rows, logical types) are bucketed by their encoding, as a {@code
   * GroupByKey} compares keys.
   */
  static boolean hashedByValues(Schema keySchema) {
    for (Schema.Field field : keySchema.getFields()) {
      switch (field.getType().getTypeName()) {
        case BYTE, INT16, INT32, INT64, FLOAT, DOUBLE, DECIMAL, STRING, BOOLEAN:
          break;
        default:
          return false;
      }
    }
    return true;
  }

  /** The row's bucket, from its key's values; only for keys {@link #hashedByValues}. */
  static int bucket(Row row, int[] keyIndexes) {
    int h = 0;
    for (int index : keyIndexes) {
      Object value = row.getValue(index);
      h = h * 0x9E3779B1 + (value == null ? 0 : value.hashCode());
    }
    return mix(h);
  }

  /** The bucket of a key encoded in {@code bytes[0, length)}. */
  static int bucket(byte[] bytes, int length) {
    int h = 0;
    for (int i = 0; i < length; i++) {
      h = h * 31 + bytes[i];
    }
    return mix(h);
  }

  private static int mix(int hash) {
    int h = hash;
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    h ^= h >>> 16;
    return Math.floorMod(h, BUCKETS);
  }

  /** Outside the global window: each row keyed by its group, for a plain {@code GroupByKey}. */
  static final class KeyFn extends DoFn<Row, KV<Row, Row>> {
    private final Schema keySchema;
    private final int[] keyIndexes;

    KeyFn(Schema keySchema, int[] keyIndexes) {
      this.keySchema = keySchema;
      this.keyIndexes = keyIndexes.clone();
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<Row, Row>> out) {
      out.output(KV.of(Rows.select(keySchema, row, keyIndexes), row));
    }
  }

  /** Encodes a bundle's rows into a buffer per bucket and sends the full ones on. */
  static final class EncodeFn extends DoFn<Row, KV<Integer, byte[]>> {
    private final Schema schema;
    private final int[] keyIndexes;
    private final int blockBytes;
    private final long maxBufferedBytes;
    private final @Nullable Schema keySchema; // null: the key is bucketed by its values' hash codes
    private transient RowCoder coder;
    private transient @Nullable RowCoder keyCoder;
    private transient CoderBuffer keyBytes;
    private transient CoderBuffer @Nullable [] buffers;
    private transient long buffered;

    EncodeFn(Schema schema, int[] keyIndexes, int blockBytes, long maxBufferedBytes, Schema keySchema) {
      this.schema = schema;
      this.keyIndexes = keyIndexes.clone();
      this.blockBytes = blockBytes;
      this.maxBufferedBytes = maxBufferedBytes;
      this.keySchema = hashedByValues(keySchema) ? null : keySchema;
    }

    @Setup
    public void setup() {
      coder = RowCoder.of(schema);
      keyCoder = keySchema == null ? null : RowCoder.of(keySchema);
      keyBytes = new CoderBuffer(64);
    }

    private int bucketOf(Row row) throws IOException {
      if (keyCoder == null) {
        return bucket(row, keyIndexes);
      }
      keyBytes.reset();
      keyCoder.encode(Rows.select(keySchema, row, keyIndexes), keyBytes);
      return bucket(keyBytes.array(), keyBytes.size());
    }

    @StartBundle
    public void startBundle() {
      buffers = new CoderBuffer[BUCKETS];
      buffered = 0;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<Integer, byte[]>> out) throws IOException {
      int bucket = bucketOf(row);
      CoderBuffer buffer = buffers[bucket];
      if (buffer == null) {
        buffer = new CoderBuffer(Math.min(blockBytes, 4096));
        buffers[bucket] = buffer;
      }
      int before = buffer.size();
      coder.encode(row, buffer);
      buffered += buffer.size() - before;
      if (buffer.size() >= blockBytes) {
        buffered -= buffer.size();
        out.output(KV.of(bucket, buffer.toByteArrayAndReset()));
      } else if (buffered >= maxBufferedBytes) {
        for (int i = 0; i < buffers.length; i++) {
          if (buffers[i] != null && buffers[i].size() > 0) {
            out.output(KV.of(i, buffers[i].toByteArrayAndReset()));
          }
        }
        buffered = 0;
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      for (int i = 0; i < buffers.length; i++) {
        if (buffers[i] != null && buffers[i].size() > 0) {
          context.output(KV.of(i, buffers[i].toByteArrayAndReset()), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
        }
      }
      buffers = null;
    }
  }

  /** Decodes a bucket's blocks and emits its rows grouped by key. */
  static final class DecodeFn extends DoFn<KV<Integer, Iterable<byte[]>>, KV<Row, Iterable<Row>>> {
    private final Schema schema;
    private final Schema keySchema;
    private final int[] keyIndexes;
    private transient RowCoder coder;

    DecodeFn(Schema schema, Schema keySchema, int[] keyIndexes) {
      this.schema = schema;
      this.keySchema = keySchema;
      this.keyIndexes = keyIndexes.clone();
    }

    @Setup
    public void setup() {
      coder = RowCoder.of(schema);
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<byte[]>> bucket, OutputReceiver<KV<Row, Iterable<Row>>> out)
        throws IOException {
      Map<Row, List<Row>> groups = new LinkedHashMap<>();
      for (byte[] block : bucket.getValue()) {
        CoderBuffer.Reader reader = new CoderBuffer.Reader(block);
        while (reader.remaining() > 0) {
          Row row = coder.decode(reader);
          groups.computeIfAbsent(Rows.select(keySchema, row, keyIndexes), k -> new ArrayList<>()).add(row);
        }
      }
      for (Map.Entry<Row, List<Row>> group : groups.entrySet()) {
        out.output(KV.of(group.getKey(), group.getValue()));
      }
    }
  }
}
