package org.beamlake.direct;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * What {@link GroupByKey} gives (each key once, with all its values), grouped in a fixed number of
 * buckets: the keys are hashed (by their encoded bytes) into {@code buckets} groups, one {@code
 * GroupByKey} gathers each bucket, and a step groups a bucket's values by key in memory.
 *
 * <p>For the DirectRunner, which makes one bundle of each key a {@code GroupByKey} emits and sets
 * every later step up again for each bundle (translating it to its portable form, the DoFn and its
 * side inputs serialized and read back): past some ten thousand keys that set-up, not the data, is
 * what a stage spends. After this transform the later steps see at most {@code buckets} bundles. A
 * bucket is held in memory while it is grouped, as the DirectRunner holds every collection anyway;
 * on a runner that spills (Spark) use {@code GroupByKey}. Bounded input in the global window only.
 *
 * <pre>{@code
 * PCollection<KV<String, Iterable<Row>>> byKey = rows.apply(new GroupInBuckets<>(12));
 * }</pre>
 */
public final class GroupInBuckets<K, V> extends PTransform<PCollection<KV<K, V>>, PCollection<KV<K, Iterable<V>>>> {
  private final int buckets;

  public GroupInBuckets(int buckets) {
    checkArgument(buckets > 0, "buckets must be > 0, got %s", buckets);
    this.buckets = buckets;
  }

  @Override
  public PCollection<KV<K, Iterable<V>>> expand(PCollection<KV<K, V>> input) {
    KvCoder<K, V> coder = (KvCoder<K, V>) input.getCoder();
    return input
        .apply("AssignBucket", ParDo.of(new AssignBucketFn<K, V>(coder.getKeyCoder(), buckets)))
        .setCoder(KvCoder.of(VarIntCoder.of(), coder))
        .apply("GroupBucket", GroupByKey.create())
        .apply("GroupByKeyInBucket", ParDo.of(new GroupWithinBucketFn<K, V>(coder.getKeyCoder())))
        .setCoder(GroupByKey.getOutputKvCoder(coder));
  }

  /** The bucket of each element: its key's encoded bytes hashed, so equal keys always meet. */
  static final class AssignBucketFn<K, V> extends DoFn<KV<K, V>, KV<Integer, KV<K, V>>> {
    private final Coder<K> keyCoder;
    private final int buckets;

    AssignBucketFn(Coder<K> keyCoder, int buckets) {
      this.keyCoder = keyCoder;
      this.buckets = buckets;
    }

    @ProcessElement
    public void process(@Element KV<K, V> element, OutputReceiver<KV<Integer, KV<K, V>>> out) throws Exception {
      int hash = Arrays.hashCode(CoderUtils.encodeToByteArray(keyCoder, element.getKey()));
      out.output(KV.of(Math.floorMod(hash, buckets), element));
    }
  }

  /**
   * A bucket's values grouped by key, keys compared as {@code GroupByKey} compares them (the
   * coder's structural value: the encoded bytes unless the coder is consistent with equals).
   */
  static final class GroupWithinBucketFn<K, V> extends DoFn<KV<Integer, Iterable<KV<K, V>>>, KV<K, Iterable<V>>> {
    private final Coder<K> keyCoder;

    GroupWithinBucketFn(Coder<K> keyCoder) {
      this.keyCoder = keyCoder;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<KV<K, V>>> bucket, OutputReceiver<KV<K, Iterable<V>>> out) {
      Map<Object, KV<K, List<V>>> groups = new LinkedHashMap<>();
      for (KV<K, V> element : bucket.getValue()) {
        groups.computeIfAbsent(keyCoder.structuralValue(element.getKey()),
            structural -> KV.of(element.getKey(), new ArrayList<>())).getValue().add(element.getValue());
      }
      for (KV<K, List<V>> group : groups.values()) {
        out.output(KV.of(group.getKey(), group.getValue()));
      }
    }
  }
}
