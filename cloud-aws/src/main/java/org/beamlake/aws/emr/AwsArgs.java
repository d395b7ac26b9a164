package org.beamlake.aws.emr;

import java.net.URI;
import org.checkerframework.checker.nullness.qual.Nullable;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.EmrClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * How the {@code emr} commands reach AWS. Credentials always come from the SDK's default provider
 * chain (environment, profile, SSO, instance profile); the region from {@code --region}, the config's
 * {@code region}, or that chain too. Endpoints are for VPC endpoints and S3-compatible stores.
 */
final class AwsArgs {
  @Option(names = "--region", description = "AWS region (default: the config's region, else AWS_REGION or the "
      + "profile's)")
  String region;

  @Option(names = "--emr-endpoint", paramLabel = "URL", description = "the EMR API's endpoint, e.g. a VPC endpoint "
      + "(default: the region's)")
  URI emrEndpoint;

  @Option(names = "--s3-endpoint", paramLabel = "URL", description = "the S3 endpoint for staging and logs, reached "
      + "path-style (default: the region's)")
  URI s3Endpoint;

  EmrClient emr(@Nullable EmrConfig config) {
    EmrClientBuilder builder = EmrClient.builder();
    region(config).ifPresent(builder::region);
    if (emrEndpoint != null) {
      builder.endpointOverride(emrEndpoint);
    }
    return builder.build();
  }

  S3Client s3(@Nullable EmrConfig config) {
    S3ClientBuilder builder = S3Client.builder();
    region(config).ifPresent(builder::region);
    if (s3Endpoint != null) {
      builder.endpointOverride(s3Endpoint).forcePathStyle(true);
    }
    return builder.build();
  }

  private java.util.Optional<Region> region(@Nullable EmrConfig config) {
    String name = region != null ? region : config != null ? config.region() : null;
    if (name == null) {
      try {
        new DefaultAwsRegionProviderChain().getRegion(); // the SDK asks the chain itself; only the message is ours
      } catch (SdkClientException e) {
        throw new IllegalArgumentException("no AWS region: pass --region, set region in the config, or set "
            + "AWS_REGION (or the profile's region)", e);
      }
    }
    return java.util.Optional.ofNullable(name).map(Region::of);
  }
}
