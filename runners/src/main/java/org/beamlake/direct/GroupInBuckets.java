package org.beamlake.direct;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.beamlake.combine.MapKey;

/**
 * What {@link GroupByKey} gives (each key once, with all its values), grouped in a fixed number of
 * buckets: the keys are hashed (by their structural values) into {@code buckets} groups, one {@code
 * GroupByKey} gathers each bucket, and a step groups a bucket's values by key in memory.
 *
 * <p>For the DirectRunner, which makes one bundle of each key a {@code GroupByKey} emits and sets
 * every later step up again for each bundle (translating it to its portable form, the DoFn and its
 * side inputs serialized and read back): past some ten thousand keys that set-up, not the data, is
 * what a stage spends. After this transform the later steps see at most {@code buckets} bundles.
 *
 * <p>The values do not pass through the grouping itself. The DirectRunner keeps what a {@code
 * GroupByKey} has gathered in state, and copies a key's whole state through the coder each time a
 * bundle adds to it: a bucket gathered from k bundles was copied about k/2 times (a quarter of the
 * benchmark's ETL at 4M rows). So each bundle hands its values over in memory, one batch per bucket
 * ({@link Handoffs}), and only the batches' numbers are grouped. The two steps must run in one
 * process, as the DirectRunner runs them; another runner fails naming the batch. A bucket is held in
 * memory while it is grouped, as the DirectRunner holds every collection anyway. Bounded input in
 * the global window only.
 *
 * <pre>{@code
 * PCollection<KV<String, Iterable<Row>>> byKey = rows.apply(new GroupInBuckets<>(12));
 * }</pre>
 */
public final class GroupInBuckets<K, V> extends PTransform<PCollection<KV<K, V>>, PCollection<KV<K, Iterable<V>>>> {
  private final int buckets;
  private final String scope = "GroupInBuckets-" + UUID.randomUUID();

  public GroupInBuckets(int buckets) {
    checkArgument(buckets > 0, "buckets must be > 0, got %s", buckets);
    this.buckets = buckets;
  }

  /** Where this transform's batches are kept until they are grouped ({@link Handoffs}). */
  String scope() {
    return scope;
  }

  @Override
  public PCollection<KV<K, Iterable<V>>> expand(PCollection<KV<K, V>> input) {
    KvCoder<K, V> coder = (KvCoder<K, V>) input.getCoder();
    return input
        .apply("HandOverByBucket", ParDo.of(new HandOverFn<K, V>(coder.getKeyCoder(), buckets, scope)))
        .setCoder(KvCoder.of(VarIntCoder.of(), VarLongCoder.of()))
        .apply("GroupBucket", GroupByKey.create())
        .apply("GroupByKeyInBucket", ParDo.of(new GroupWithinBucketFn<K, V>(scope)))
        .setCoder(GroupByKey.getOutputKvCoder(coder));
  }

  /**
   * An element with its key's structural value (what {@code GroupByKey} compares: the encoded bytes
   * unless the key coder is consistent with equals) as a {@link MapKey}, worked out once, where the
   * bucket is chosen.
   */
  record Keyed<K, V>(MapKey mapKey, K key, V value) {}

  /**
   * A bundle's elements in one batch per bucket (their key's structural value hashed, so equal keys
   * always meet; the batches never leave the JVM), each batch handed over when the bundle ends:
   * emitted is its bucket and number.
   */
  static final class HandOverFn<K, V> extends DoFn<KV<K, V>, KV<Integer, Long>> {
    private final Coder<K> keyCoder;
    private final int buckets;
    private final String scope;
    private transient Map<Integer, List<Keyed<K, V>>> batches;

    HandOverFn(Coder<K> keyCoder, int buckets, String scope) {
      this.keyCoder = keyCoder;
      this.buckets = buckets;
      this.scope = scope;
    }

    @StartBundle
    public void startBundle() {
      batches = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element KV<K, V> element) {
      MapKey mapKey = MapKey.of(keyCoder, element.getKey());
      batches.computeIfAbsent(Math.floorMod(mapKey.hashCode(), buckets), bucket -> new ArrayList<>())
          .add(new Keyed<>(mapKey, element.getKey(), element.getValue()));
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      for (Map.Entry<Integer, List<Keyed<K, V>>> batch : batches.entrySet()) {
        long number = Handoffs.put(scope, batch.getValue());
        context.output(KV.of(batch.getKey(), number), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
      batches = null;
    }
  }

  /** A bucket's batches taken and their values grouped by key, keys compared by their structural values. */
  static final class GroupWithinBucketFn<K, V> extends DoFn<KV<Integer, Iterable<Long>>, KV<K, Iterable<V>>> {
    private final String scope;

    GroupWithinBucketFn(String scope) {
      this.scope = scope;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Long>> bucket, OutputReceiver<KV<K, Iterable<V>>> out) {
      Map<MapKey, KV<K, List<V>>> groups = new LinkedHashMap<>();
      for (long number : bucket.getValue()) {
        for (Keyed<K, V> element : Handoffs.<Keyed<K, V>>take(scope, number)) {
          groups.computeIfAbsent(element.mapKey(), mapKey -> KV.of(element.key(), new ArrayList<>()))
              .getValue().add(element.value());
        }
      }
      for (KV<K, List<V>> group : groups.values()) {
        out.output(KV.of(group.getKey(), group.getValue()));
      }
    }
  }
}
