package org.beamlake.ml;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A fitted model as saved under {@code refined/_models/<name>/<run_id>/model.json}: everything
 * scoring needs (the fitted feature assembly, coefficients or centroids), and what a reader wants
 * to know about the fit (options, training rows, metrics). Plain JSON with snake_case keys.
 *
 * @param format always {@link #FORMAT}; a reader refuses any other
 * @param name the model's name in the project
 * @param type what was fitted
 * @param runId the run that fitted it
 * @param target the label column (regressions), or null (k-means)
 * @param groupBy the columns of a per-group fit, empty for one model
 * @param features the fitted feature assembly (scaling, categories)
 * @param featureNames the names of the vector's entries, in coefficient/centroid order
 * @param options the options the model was fitted with
 * @param trainingRows rows the fit used (all groups)
 * @param groups per group: coefficients and metrics (regressions); empty for k-means
 * @param centroids the cluster centres in the scaled feature space (k-means), else empty
 * @param metrics metrics of the whole model (k-means: wssse, cluster_sizes, iterations)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelArtifact(
    String format,
    String name,
    ModelType type,
    String runId,
    @Nullable String target,
    List<String> groupBy,
    FittedFeatures features,
    List<String> featureNames,
    Map<String, Object> options,
    long trainingRows,
    List<GroupModel> groups,
    List<List<Double>> centroids,
    Map<String, Object> metrics)
    implements Serializable {
  public static final String FORMAT = "beamlake-model/1";
  public static final String FILE = "model.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * One group's regression.
   *
   * @param group the group's values, in {@code group_by} order (empty for one model)
   * @param trainingRows rows of the training split in this group
   * @param intercept the intercept, on the scaled features
   * @param coefficients one per feature name; null when the group could not be fitted
   * @param note why a group has no coefficients (e.g. collinear features), else null
   * @param metrics {@code train_*} and {@code test_*} metrics
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GroupModel(
      List<String> group,
      long trainingRows,
      double intercept,
      @Nullable List<Double> coefficients,
      @Nullable String note,
      Map<String, Double> metrics)
      implements Serializable {}

  /** The feature columns to check a dataset against before scoring it. */
  public FeatureSpec featureSpec() {
    return new FeatureSpec(
        features.numeric().stream().map(FittedFeatures.Numeric::name).toList(),
        features.categorical().stream().map(FittedFeatures.Categorical::name).toList(),
        false);
  }

  public ModelArtifact withGroups(List<GroupModel> newGroups) {
    return new ModelArtifact(format, name, type, runId, target, groupBy, features, featureNames,
        options, trainingRows, newGroups, centroids, metrics);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads an artifact; {@code where} names it in errors. */
  public static ModelArtifact fromJson(String json, String where) {
    ModelArtifact artifact;
    try {
      artifact = JSON.readValue(json, ModelArtifact.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": not a model artifact: " + e.getOriginalMessage());
    }
    if (!FORMAT.equals(artifact.format())) {
      throw new IllegalArgumentException(
          where + ": format is '" + artifact.format() + "', expected '" + FORMAT + "'");
    }
    return artifact;
  }

  /** The artifact's directory: {@code <refined>/_models/<name>/<run_id>/}. */
  public static ResourceId directory(String refinedZone, String name, String runId) {
    String base = refinedZone.endsWith("/") ? refinedZone : refinedZone + "/";
    return FileSystems.matchNewResource(base + "_models/" + name + "/" + runId + "/", true);
  }

  /** Reads {@code model.json} of a model fitted in an earlier (or this) run. */
  public static ModelArtifact read(String refinedZone, String name, String runId) throws IOException {
    ResourceId file = directory(refinedZone, name, runId).resolve(FILE, StandardResolveOptions.RESOLVE_FILE);
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), file.toString());
    } catch (java.io.FileNotFoundException e) {
      throw new IOException("no model '" + name + "' from run " + runId + ": " + file + " does not exist", e);
    }
  }

  /** Writes {@code model.json} into the artifact's directory (replacing one there). */
  public void write(String refinedZone) throws IOException {
    ResourceId file = directory(refinedZone, name, runId).resolve(FILE, StandardResolveOptions.RESOLVE_FILE);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(file, MimeTypes.TEXT))) {
      out.write(toJson().getBytes(StandardCharsets.UTF_8));
    }
  }
}
