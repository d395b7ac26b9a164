package org.beamlake.project;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.beamlake.ml.ModelType;

/** Reads the {@code models:} section; every mistake is reported at its key with what was expected. */
final class ModelsReader {
  static final List<String> KEYS = List.of("type", "input", "features", "categorical", "scale", "label", "group_by",
      "split", "seed", "l2", "k", "max_iterations", "tolerance", "score", "keys", "from_run");
  static final List<String> TYPES = List.of("linear_regression", "logistic_regression", "kmeans");
  static final List<String> SPLIT = List.of("key", "test_fraction");

  private ModelsReader() {}

  static Optional<ModelConfig> model(String name, YamlNode node, Set<String> inputs) {
    node.allowOnly(KEYS);
    if (!node.isMap()) {
      node.entries();
      return Optional.empty();
    }
    Optional<ModelType> type = Optional.ofNullable(node.require("type", "one of " + TYPES))
        .flatMap(n -> n.choice(TYPES)).map(t -> ModelType.valueOf(t.toUpperCase(java.util.Locale.ROOT)));
    String fromRun = Optional.ofNullable(node.get("from_run")).flatMap(YamlNode::text).orElse(null);
    if (fromRun != null && !fromRun.equals("latest") && !fromRun.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      node.get("from_run").error("expected 'latest' or a run id, got '" + fromRun + "'");
    }
    // A model read from an earlier run is not fitted: it needs only what it scores.
    Optional<String> input = fromRun != null && node.get("input") == null
        ? Optional.ofNullable(node.require("score", "the dataset or table to score with the saved model"))
            .flatMap(YamlNode::text)
        : Optional.ofNullable(node.require("input", "a dataset or table name")).flatMap(YamlNode::text);
    input.ifPresent(i -> checkInput(node.get(node.get("input") == null && fromRun != null ? "score" : "input"), i, inputs));
    List<String> features = Optional.ofNullable(node.require("features", "a list of numeric columns"))
        .map(YamlNode::names).orElse(List.of());
    List<String> categorical = Optional.ofNullable(node.get("categorical")).map(YamlNode::names).orElse(List.of());
    boolean scale = Optional.ofNullable(node.get("scale")).flatMap(YamlNode::bool).orElse(true);
    String label = Optional.ofNullable(node.get("label")).flatMap(YamlNode::text).orElse(null);
    if (type.isPresent() && type.get().isRegression() && label == null && node.get("label") == null
        && fromRun == null) {
      node.error("a " + type.get().typeName() + " needs 'label': the column it predicts");
    }
    List<String> groupBy = Optional.ofNullable(node.get("group_by")).map(YamlNode::names).orElse(List.of());
    if (type.isPresent() && type.get() != ModelType.LINEAR_REGRESSION && !groupBy.isEmpty()) {
      node.get("group_by").error("only linear_regression fits per group");
    }
    String splitKey = null;
    double testFraction = 0;
    long seed = 0;
    YamlNode split = node.get("split");
    if (split != null) {
      split.allowOnly(SPLIT);
      splitKey = Optional.ofNullable(split.require("key", "the column whose hash decides the split"))
          .flatMap(YamlNode::text).orElse(null);
      YamlNode fraction = split.require("test_fraction", "a number in [0, 1)");
      testFraction = fraction == null ? 0 : fraction.number().orElse(0.0);
      if (fraction != null && (testFraction < 0 || testFraction >= 1)) {
        fraction.error("expected a number in [0, 1), got " + testFraction);
        testFraction = 0;
      }
    }
    seed = Optional.ofNullable(node.get("seed")).flatMap(n -> n.integer(0)).orElse(0);
    double l2 = Optional.ofNullable(node.get("l2")).flatMap(YamlNode::number).orElse(0.0);
    if (l2 < 0) {
      node.get("l2").error("expected a number >= 0, got " + l2);
    }
    int k = 0;
    if (type.isPresent() && type.get() == ModelType.KMEANS && fromRun == null) {
      k = Optional.ofNullable(node.require("k", "the number of clusters")).flatMap(n -> n.integer(1)).orElse(0);
    }
    int defaultCap = type.isPresent() && type.get() == ModelType.LOGISTIC_REGRESSION ? 25 : 20;
    int maxIterations = Optional.ofNullable(node.get("max_iterations")).flatMap(n -> n.integer(1)).orElse(defaultCap);
    double tolerance = Optional.ofNullable(node.get("tolerance")).flatMap(YamlNode::number).orElse(1e-4);
    String score = Optional.ofNullable(node.get("score")).flatMap(YamlNode::text).orElse(input.orElse(""));
    if (node.get("score") != null) {
      checkInput(node.get("score"), score, inputs);
    }
    List<String> keys = Optional.ofNullable(node.get("keys")).map(YamlNode::names).orElse(List.of());
    if (type.isEmpty() || input.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ModelConfig(name, type.get(), input.get(), features, categorical, scale, label, groupBy,
        splitKey, testFraction, seed, l2, k, maxIterations, tolerance, score, keys, fromRun, node.where()));
  }

  private static void checkInput(YamlNode node, String name, Set<String> inputs) {
    if (!inputs.contains(name)) {
      node.error("unknown dataset or table '" + name + "'; expected one of " + inputs);
    }
  }
}
