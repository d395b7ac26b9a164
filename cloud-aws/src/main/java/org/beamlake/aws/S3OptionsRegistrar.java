package org.beamlake.aws;

import java.util.List;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;

/**
 * Makes Beam's S3 options ({@code --s3ClientFactoryClass}, {@code --SSEAlgorithm}, {@code --SSEKMSKeyId},
 * {@code --bucketKeyEnabled}, …) known on the command line: Beam's aws2 module registers only the
 * general AWS options ({@code --awsRegion}, {@code --endpoint}, {@code --awsCredentialsProvider}).
 */
public final class S3OptionsRegistrar implements PipelineOptionsRegistrar {
  @Override
  public Iterable<Class<? extends PipelineOptions>> getPipelineOptions() {
    return List.of(S3Options.class);
  }
}
