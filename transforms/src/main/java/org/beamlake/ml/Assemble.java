package org.beamlake.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.beamlake.ml.ModelArtifact.GroupModel;

/** Gathers the per-group regressions, in group order, into one artifact (without metrics yet). */
final class Assemble extends PTransform<PCollection<KV<String, GroupModel>>, PCollection<ModelArtifact>> {
  private final FitSettings settings;
  private final ModelType type;
  private final String label;
  private final Map<String, Object> options;
  private final PCollectionView<FittedFeatures> features;

  private Assemble(FitSettings settings, ModelType type, String label, Map<String, Object> options,
      PCollectionView<FittedFeatures> features) {
    this.settings = settings;
    this.type = type;
    this.label = label;
    this.options = new TreeMap<>(options);
    this.features = features;
  }

  static Assemble of(FitSettings settings, ModelType type, String label, Map<String, Object> options,
      PCollectionView<FittedFeatures> features) {
    return new Assemble(settings, type, label, options, features);
  }

  @Override
  public PCollection<ModelArtifact> expand(PCollection<KV<String, GroupModel>> groups) {
    return groups
        .apply("InGroupOrder", Combine.globally(new SortedFn()))
        .setCoder(ListCoder.of(SerializableCoder.of(GroupModel.class)))
        .apply("ToArtifact", ParDo.of(new ToArtifactFn(this)).withSideInputs(features))
        .setCoder(SerializableCoder.of(ModelArtifact.class));
  }

  static final class SortedFn extends CombineFn<KV<String, GroupModel>, TreeMap<String, GroupModel>, List<GroupModel>> {
    @Override
    public TreeMap<String, GroupModel> createAccumulator() {
      return new TreeMap<>();
    }

    @Override
    public TreeMap<String, GroupModel> addInput(TreeMap<String, GroupModel> acc, KV<String, GroupModel> group) {
      acc.put(group.getKey(), group.getValue());
      return acc;
    }

    @Override
    public TreeMap<String, GroupModel> mergeAccumulators(Iterable<TreeMap<String, GroupModel>> accs) {
      TreeMap<String, GroupModel> merged = new TreeMap<>();
      accs.forEach(merged::putAll);
      return merged;
    }

    @Override
    public List<GroupModel> extractOutput(TreeMap<String, GroupModel> acc) {
      return new ArrayList<>(acc.values());
    }

    @Override
    public Coder<TreeMap<String, GroupModel>> getAccumulatorCoder(
        CoderRegistry registry, Coder<KV<String, GroupModel>> input) {
      @SuppressWarnings("unchecked")
      Coder<TreeMap<String, GroupModel>> coder =
          (Coder<TreeMap<String, GroupModel>>) (Coder<?>) SerializableCoder.of(TreeMap.class);
      return coder;
    }
  }

  static final class ToArtifactFn extends DoFn<List<GroupModel>, ModelArtifact> {
    private final Assemble spec;

    ToArtifactFn(Assemble spec) {
      this.spec = spec;
    }

    @ProcessElement
    public void process(@Element List<GroupModel> groups, ProcessContext context) {
      FittedFeatures fitted = context.sideInput(spec.features);
      long rows = groups.stream().mapToLong(GroupModel::trainingRows).sum();
      FitSettings s = spec.settings;
      context.output(new ModelArtifact(ModelArtifact.FORMAT, s.name(), spec.type, s.runId(), spec.label,
          s.groupBy(), fitted, fitted.names(), spec.options, rows, List.copyOf(groups),
          List.of(), Map.of()));
    }
  }
}
