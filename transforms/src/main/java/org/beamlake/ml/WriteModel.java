package org.beamlake.ml;

import java.io.IOException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes each fitted model to {@code <refined>/_models/<name>/<run_id>/model.json}, through Beam
 * {@code FileSystems} (so any lake URI works). Rewriting the same run's artifact replaces it, so a
 * retried bundle leaves one complete file. Emits the artifact on for what follows.
 *
 * <pre>{@code
 * model.apply(WriteModel.to("s3://lake/refined"));
 * }</pre>
 */
public final class WriteModel extends PTransform<PCollection<ModelArtifact>, PCollection<ModelArtifact>> {
  private final String refinedZone;

  private WriteModel(String refinedZone) {
    this.refinedZone = refinedZone;
  }

  public static WriteModel to(String refinedZone) {
    return new WriteModel(refinedZone);
  }

  @Override
  public PCollection<ModelArtifact> expand(PCollection<ModelArtifact> models) {
    return models.apply("WriteJson", ParDo.of(new WriteFn(refinedZone))).setCoder(models.getCoder());
  }

  static final class WriteFn extends DoFn<ModelArtifact, ModelArtifact> {
    private final String refinedZone;

    WriteFn(String refinedZone) {
      this.refinedZone = refinedZone;
    }

    @ProcessElement
    public void process(@Element ModelArtifact model, OutputReceiver<ModelArtifact> out) throws IOException {
      model.write(refinedZone);
      out.output(model);
    }
  }
}
