package org.beamlake.stage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;
import org.beamlake.clean.CastColumns;
import org.beamlake.clean.Deduplicate;
import org.beamlake.clean.DeriveColumns;
import org.beamlake.clean.DropColumns;
import org.beamlake.clean.FillNulls;
import org.beamlake.clean.FilterRows;
import org.beamlake.clean.JoinDatasets;
import org.beamlake.clean.RenameColumns;
import org.beamlake.clean.SelectColumns;
import org.beamlake.clean.TrimStrings;
import org.beamlake.project.DatasetConfig;
import org.beamlake.project.StepConfig;
import org.beamlake.quality.CheckRules;
import org.beamlake.quarantine.Lineage;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.QuarantinedRecordCoder;
import org.beamlake.quarantine.RowResult;
import org.beamlake.quarantine.RowStep;
import org.beamlake.quarantine.StepCounts;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Builds one dataset's part of the ETL graph from its configuration, with the same transforms a
 * Java user would apply by hand: parse, then every step in order, then the rules. Counts around
 * the parse, the dropping steps and the end measure read = written + quarantined + dropped.
 *
 * <p>Steps whose output schema depends on the data (drop constant / all-null columns) need a
 * profile of the data first: with no resolution for such a step, building stops there and {@link
 * Built#stoppedAt} says which step, so the stage can profile the rows before it.
 */
final class DatasetBuilder {
  private final DatasetConfig config;
  private final Map<String, PCollection<Row>> built;
  private final Map<String, List<String>> resolvedDrops;
  private final boolean skipUnresolved;
  private final RowCounts counts;
  private List<org.beamlake.project.ProjectError> collected;
  private boolean joinInWriter;

  /**
   * @param built the datasets already built, for joins and references
   * @param resolvedDrops columns to drop per {@link #stepKey}
   * @param skipUnresolved treat an unresolved data-dependent step as a no-op (validation)
   * @param counts where the parse and the dropping steps count their rows
   */
  DatasetBuilder(DatasetConfig config, Map<String, PCollection<Row>> built,
      Map<String, List<String>> resolvedDrops, boolean skipUnresolved, RowCounts counts) {
    this.config = config;
    this.built = built;
    this.resolvedDrops = resolvedDrops;
    this.skipUnresolved = skipUnresolved;
    this.counts = counts;
  }

  /** The declared columns, as the parsers produce them (lineage added by the parser). */
  static Schema declaredSchema(DatasetConfig config) {
    Schema.Builder builder = Schema.builder();
    config.columns().forEach((name, type) -> builder.addField(name, type.fieldType()));
    return builder.build();
  }

  /**
   * For validation: a step or rule that cannot be built is recorded in {@code errors} and skipped,
   * so the steps after it are checked too, instead of stopping at the first mistake.
   */
  DatasetBuilder collectingErrors(List<org.beamlake.project.ProjectError> errors) {
    this.collected = errors;
    return this;
  }

  /**
   * Leaves a broadcast join that is the dataset's last step (no rules after it) to the trusted
   * writer, as {@link Built#tail}: the writer runs it on each row and writes the joined rows
   * itself. For a dataset that no other dataset joins or references, whose rows are only written.
   */
  DatasetBuilder joinInWriter() {
    this.joinInWriter = true;
    return this;
  }

  private RowResult orSkip(RowResult current, java.util.function.Supplier<RowResult> next) {
    if (collected == null) {
      return next.get();
    }
    try {
      return next.get();
    } catch (StepFailure e) {
      collected.add(e.error());
      return current;
    }
  }

  static String stepKey(String dataset, int step) {
    return dataset + "#" + step;
  }

  /**
   * The rows of a dataset, its rejects, and where building stopped (-1 if it did not); with a
   * {@code tail}, the rows before its last step, which the writer runs ({@link #joinInWriter}).
   */
  record Built(PCollection<Row> rows, PCollection<QuarantinedRecord> rejects, int stoppedAt, @Nullable Tail tail) {
    Built(PCollection<Row> rows, PCollection<QuarantinedRecord> rejects, int stoppedAt) {
      this(rows, rejects, stoppedAt, null);
    }

    /** The schema of the dataset's rows: after the tail, if there is one. */
    Schema schema() {
      return tail == null ? rows.getSchema() : tail.step().outputSchema();
    }
  }

  /** A dataset's last step, left to its writer; {@code label} names its counts. */
  record Tail(RowStep step, String label) {}

  /**
   * After the writer ran {@code b}'s tail: tallies what the tail counted under its step's labels,
   * and returns all of the dataset's rejects.
   */
  PCollection<QuarantinedRecord> afterTail(Built b, PCollection<QuarantinedRecord> tailRejects,
      PCollection<KV<String, Long>> tailCounts) {
    String label = b.tail().label();
    counts.tallied(label + "/Counts", tailCounts, joinLabels(label));
    return merge(label, b.rejects(), tailRejects);
  }

  /** Builds from the raw files (resolved file paths) of the dataset's source. */
  Built fromFiles(PBegin begin, List<String> files) {
    String name = config.name();
    PCollection<FileIO.ReadableFile> readable;
    if (files.isEmpty()) {
      readable = begin.apply(name + "/NoFiles", Create.empty(org.apache.beam.sdk.io.ReadableFileCoder.of()));
    } else {
      readable = begin.apply(name + "/Files", Create.of(files).withCoder(StringUtf8Coder.of()))
          .apply(name + "/Match", FileIO.matchAll())
          .apply(name + "/Open", FileIO.readMatches());
    }
    RowResult parsed = StepFailure.at(config.where(), () -> readable.apply(name + "/Parse", Parsers.forFormat(config)));
    counts.tallied(name + "/ParseCounts", parsed.counts(),
        labels(StepCounts.ROWS, name + "/parsed", StepCounts.REJECTS, name + "/parse_rejected"));
    return steps(RowResult.of(parsed.rows(), parsed.rejects()), 0);
  }

  /** Continues from a checkpoint's rows and rejects, at its step. */
  Built fromCheckpoint(PBegin begin, Checkpoint checkpoint) {
    String name = config.name();
    PCollection<QuarantinedRecord> rejects = checkpoint.readRejects(begin, name);
    // The checkpoint was taken for the column drops that follow it; once they are decided, they
    // are made as it is read (one runner step less for every row), unless one of them needs its
    // own step to refuse it: a drop of a column not there, or of every column left.
    List<StepConfig> steps = config.steps();
    List<String> dropped = new ArrayList<>();
    int next = checkpoint.step();
    while (next < steps.size() && (steps.get(next) instanceof StepConfig.DropConstantColumns
        || steps.get(next) instanceof StepConfig.DropNullColumns) && resolvedDrops.containsKey(stepKey(name, next))) {
      dropped.addAll(resolvedDrops.get(stepKey(name, next)));
      next++;
    }
    Schema schema = checkpoint.schema();
    List<String> kept = new ArrayList<>(schema.getFieldNames());
    kept.removeAll(dropped);
    boolean plain = next > checkpoint.step() && new HashSet<>(dropped).size() == dropped.size()
        && schema.getFieldNames().containsAll(dropped) && kept.stream().anyMatch(c -> !Lineage.isReserved(c));
    if (!plain) {
      return steps(RowResult.of(checkpoint.readRows(begin, name), rejects), checkpoint.step());
    }
    PCollection<Row> rows = dropped.isEmpty() ? checkpoint.readRows(begin, name) : checkpoint.readRows(begin, name, kept);
    return steps(RowResult.of(rows, rejects), next);
  }

  /**
   * The first data-dependent step from {@code from} on that {@code resolvedDrops} does not resolve,
   * where building stops; -1 if there is none.
   */
  static int firstUnresolved(DatasetConfig config, Map<String, List<String>> resolvedDrops, int from) {
    List<StepConfig> steps = config.steps();
    for (int i = from; i < steps.size(); i++) {
      StepConfig step = steps.get(i);
      if ((step instanceof StepConfig.DropConstantColumns || step instanceof StepConfig.DropNullColumns)
          && !resolvedDrops.containsKey(stepKey(config.name(), i))) {
        return i;
      }
    }
    return -1;
  }

  /** Builds from rows already parsed (validation, tests, Java users with their own reader). */
  Built fromRows(PCollection<Row> rows) {
    PCollection<QuarantinedRecord> none = rows.getPipeline()
        .apply(config.name() + "/NoParseRejects", Create.empty(QuarantinedRecordCoder.of()));
    return steps(RowResult.of(rows, none), 0);
  }

  private Built steps(RowResult start, int from) {
    String name = config.name();
    RowResult current = start;
    List<StepConfig> steps = config.steps();
    for (int i = from; i < steps.size(); i++) {
      StepConfig step = steps.get(i);
      String label = name + "/" + (i + 1) + "-" + kind(step);
      if (step instanceof StepConfig.DropConstantColumns || step instanceof StepConfig.DropNullColumns) {
        List<String> drop = resolvedDrops.get(stepKey(name, i));
        if (drop == null && !skipUnresolved) {
          return finish(current, i);
        }
        if (drop != null && !drop.isEmpty()) {
          RowResult before = current;
          current = orSkip(current, () -> apply(before, label, step, DropColumns.of(keepingOne(before, step, drop))));
        }
        continue;
      }
      if (joinInWriter && i == steps.size() - 1 && config.rules().isEmpty()
          && step instanceof StepConfig.Join s && s.broadcast()) {
        RowResult before = current;
        RowStep join = StepFailure.at(step.where(), () -> join(s).asRowStep(label, before.rows().getSchema()));
        return new Built(current.rows(), current.rejects(), -1, new Tail(join, label));
      }
      RowResult before = current;
      int index = i;
      current = orSkip(current, () -> applyStep(before, label, step, index));
    }
    if (!config.rules().isEmpty()) {
      RowResult before = current;
      if (collected != null) { // each rule alone first, so a mistake points at its own line
        int reported = collected.size();
        for (int r = 0; r < config.rules().size(); r++) {
          org.beamlake.project.RuleConfig rule = config.rules().get(r);
          String ruleLabel = name + "/CheckRule" + r;
          orSkip(current, () -> StepFailure.at(rule.where(),
              () -> before.then(ruleLabel, CheckRules.of(RuleFactory.rules(List.of(rule), built)))));
        }
        if (collected.size() > reported) {
          return finish(current, -1);
        }
      }
      current = orSkip(current, () -> StepFailure.at(config.where(),
          () -> before.then(name + "/Rules", CheckRules.of(RuleFactory.rules(config.rules(), built)))));
    }
    return finish(current, -1);
  }

  /**
   * {@code drop}, the columns a data-dependent step decided on, unless they are every column left:
   * then the step stops the run at its line, saying why, rather than {@link DropColumns}'s general
   * refusal.
   */
  private static List<String> keepingOne(RowResult current, StepConfig step, List<String> drop) {
    List<String> left = new ArrayList<>(Lineage.userFields(current.rows().getSchema()));
    left.removeAll(drop);
    if (left.isEmpty()) {
      String why = step instanceof StepConfig.DropConstantColumns ? "constant" : "all null";
      throw new StepFailure(step.where().error("every column left here is " + why + " in this run's data " + drop
          + ", so none would be kept; name the ones to keep with keep: [...]"), null);
    }
    return drop;
  }

  private RowResult applyStep(RowResult current, String label, StepConfig step, int index) {
    if (step instanceof StepConfig.Cast s) {
      return then(current, label, step, CastColumns.of(s.types()));
    } else if (step instanceof StepConfig.Rename s) {
      return apply(current, label, step, RenameColumns.of(s.names()));
    } else if (step instanceof StepConfig.Select s) {
      return apply(current, label, step, SelectColumns.of(s.columns()));
    } else if (step instanceof StepConfig.Drop s) {
      return apply(current, label, step, DropColumns.of(s.columns()));
    } else if (step instanceof StepConfig.Trim s) {
      TrimStrings trim = s.columns().isEmpty() ? TrimStrings.allColumns() : TrimStrings.columns(s.columns());
      return apply(current, label, step, trim.withEmptyAsNull(s.emptyAsNull()));
    } else if (step instanceof StepConfig.FillNulls s) {
      return apply(current, label, step, StepFailure.at(step.where(), () -> fill(s)));
    } else if (step instanceof StepConfig.Deduplicate s) {
      Deduplicate dedupe = Deduplicate.byKey(s.key());
      return counted(current, label, step, s.latestBy() == null ? dedupe : dedupe.keepLatestBy(s.latestBy()));
    } else if (step instanceof StepConfig.Filter s) {
      return counted(current, label, step, FilterRows.where(s.expression()));
    } else if (step instanceof StepConfig.Derive s) {
      return apply(current, label, step, DeriveColumns.of(s.columns()));
    } else if (step instanceof StepConfig.Join s) {
      JoinDatasets join = join(s);
      RowResult out = StepFailure.at(step.where(), () -> current.rows().apply(label, join));
      // The join counts its own rows: counting them beside it would make Spark cache them twice.
      counts.tallied(label + "/Counts", out.counts(), joinLabels(label));
      return RowResult.of(out.rows(), merge(label, current.rejects(), out.rejects()));
    } else if (step instanceof StepConfig.Check s) {
      return then(current, label, step, StepFailure.at(step.where(), () -> CheckRules.of(RuleFactory.rules(s.rules(), built))));
    }
    throw new IllegalStateException("step " + index + " " + step);
  }

  private JoinDatasets join(StepConfig.Join s) {
    PCollection<Row> right = built.get(s.dataset());
    if (right == null) {
      throw new StepFailure(s.where().error("dataset '" + s.dataset() + "' is not built"), null);
    }
    JoinDatasets join = JoinDatasets.with(s.dataset(), right, s.on()).broadcast(s.broadcast());
    return s.inner() ? join.inner() : join.left();
  }

  /** The labels of what a join counts. */
  private static Map<String, String> joinLabels(String label) {
    return labels(StepCounts.IN, label + "/in", StepCounts.ROWS, label + "/out",
        StepCounts.REJECTS, label + "/rejected", StepCounts.DROPPED, label + "/dropped");
  }

  private FillNulls fill(StepConfig.FillNulls s) {
    FillNulls fill = FillNulls.create();
    for (StepConfig.Fill f : s.fills()) {
      if (f.value() != null) {
        fill = fill.withConstant(f.column(), f.value());
      } else if (f.groupBy().isEmpty()) {
        fill = fill.withMean(f.column());
      } else {
        fill = fill.withGroupMean(f.column(), f.groupBy());
      }
    }
    return fill;
  }

  private static RowResult apply(RowResult current, String label, StepConfig step,
      PTransform<PCollection<Row>, PCollection<Row>> transform) {
    return StepFailure.at(step.where(), () -> current.thenAll(label, transform));
  }

  private static RowResult then(RowResult current, String label, StepConfig step,
      PTransform<PCollection<Row>, RowResult> transform) {
    return StepFailure.at(step.where(), () -> current.then(label, transform));
  }

  /** A step that may drop rows on purpose: counted in and out, so the drop is reported. */
  private RowResult counted(RowResult current, String label, StepConfig step,
      PTransform<PCollection<Row>, PCollection<Row>> transform) {
    PCollection<Row> in = counts.count(label + "/CountIn", label + "/in", current.rows());
    PCollection<Row> out = StepFailure.at(step.where(), () -> in.apply(label, transform));
    return RowResult.of(counts.count(label + "/CountOut", label + "/out", out), current.rejects());
  }

  /** A step's count names to labels, in order: name, label, name, label... */
  private static Map<String, String> labels(String... namesAndLabels) {
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    for (int i = 0; i < namesAndLabels.length; i += 2) {
      labels.put(namesAndLabels[i], namesAndLabels[i + 1]);
    }
    return labels;
  }

  private static PCollection<QuarantinedRecord> merge(String label, PCollection<QuarantinedRecord> a,
      PCollection<QuarantinedRecord> b) {
    return PCollectionList.of(a).and(b).apply(label + "/MergeRejects", Flatten.pCollections())
        .setCoder(QuarantinedRecordCoder.of());
  }

  private Built finish(RowResult current, int stoppedAt) {
    return new Built(current.rows(), current.rejects(), stoppedAt);
  }

  static String kind(StepConfig step) {
    String simple = step.getClass().getSimpleName();
    return simple.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** The user columns of the rows, for reports. */
  static List<String> columns(PCollection<Row> rows) {
    return new ArrayList<>(Lineage.userFields(rows.getSchema()));
  }
}
