package org.beamlake.aws;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client with path-style addressing ({@code http://host:port/bucket/key}), for
 * S3-compatible stores reached by host name (MinIO, Ceph, a company gateway), which do not serve
 * {@code bucket.host} names. Beam 2.70 has no option for it:
 * {@code --s3ClientFactoryClass=org.beamlake.aws.PathStyleS3ClientBuilderFactory}.
 */
public final class PathStyleS3ClientBuilderFactory implements S3ClientBuilderFactory {
  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    return new DefaultS3ClientBuilderFactory().createBuilder(options).forcePathStyle(true);
  }
}
