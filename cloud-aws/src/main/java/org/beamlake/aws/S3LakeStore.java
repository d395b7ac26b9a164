package org.beamlake.aws;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.InstanceBuilder;
import org.beamlake.lake.Lake;
import org.beamlake.spi.LakeStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Lakes on S3 ({@code s3://bucket/prefix}). {@code lake init --create} makes the bucket with Block
 * Public Access on (all four settings) and default encryption (SSE-KMS with the key of
 * {@code --SSEKMSKeyId}, else SSE-S3); an existing bucket is left as it is, but a lake is refused on
 * one whose policy makes it public. The zone "folders" are empty {@code prefix/zone/} objects, as
 * the S3 console makes them. The client is Beam's own, built from the same options ({@code
 * --awsRegion}, {@code --endpoint}, {@code --awsCredentialsProvider}, {@code --s3ClientFactoryClass}),
 * so {@code lake init} reaches the bucket exactly as the pipelines will.
 */
public final class S3LakeStore implements LakeStore {
  @Override
  public List<String> schemes() {
    return List.of("s3");
  }

  @Override
  public List<String> init(String lake, PipelineOptions options, boolean create) throws IOException {
    String base = Lake.at(lake).base();
    String path = base.substring("s3://".length());
    String bucket = path.substring(0, path.indexOf('/'));
    String prefix = path.substring(bucket.length() + 1);
    S3Options s3 = options.as(S3Options.class);
    List<String> done = new ArrayList<>();
    try (S3Client client = client(s3)) {
      if (!exists(client, bucket)) {
        if (!create) {
          throw new IOException("bucket " + bucket + " does not exist; pass --create to create it (private, "
              + "encrypted)");
        }
        client.createBucket(b -> b.bucket(bucket));
        boolean blocked = notImplementedIsFalse(() -> client.putPublicAccessBlock(b -> b.bucket(bucket)
            .publicAccessBlockConfiguration(c -> c.blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true)
                .restrictPublicBuckets(true))));
        String kmsKey = s3.getSSEKMSKeyId();
        client.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(r -> r
            .applyServerSideEncryptionByDefault(d -> {
              if (kmsKey != null) {
                d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID(kmsKey);
              } else {
                d.sseAlgorithm(ServerSideEncryption.AES256);
              }
            }).bucketKeyEnabled(kmsKey != null))));
        done.add("created s3://" + bucket + " (" + (blocked ? "Block Public Access on" : "private; this store has no "
            + "Block Public Access, check its access policy yourself") + ", default encryption "
            + (kmsKey != null ? "SSE-KMS" : "SSE-S3") + ")");
      } else {
        refusePublic(client, bucket);
      }
      for (String zone : Lake.ZONES) {
        String key = prefix + zone + "/";
        boolean there = client.listObjectsV2(b -> b.bucket(bucket).prefix(key).maxKeys(1)).keyCount() > 0;
        if (!there) {
          client.putObject(b -> b.bucket(bucket).key(key).serverSideEncryption(s3.getSSEAlgorithm())
              .ssekmsKeyId(s3.getSSEKMSKeyId()), RequestBody.empty()); // as Beam's own writes: --SSEAlgorithm
        }
        done.add((there ? "exists  " : "created ") + base + zone + "/");
      }
    } catch (S3Exception e) {
      throw new IOException("s3://" + bucket + ": " + e.awsErrorDetails().errorMessage() + " ("
          + e.awsErrorDetails().errorCode() + ", HTTP " + e.statusCode() + ")", e);
    }
    return done;
  }

  /** Refuses a lake in a bucket whose policy makes it public, as {@code init} does. */
  @Override
  public void checkBeforeRun(String lake, PipelineOptions options) throws IOException {
    String path = Lake.at(lake).base().substring("s3://".length());
    String bucket = path.substring(0, path.indexOf('/'));
    try (S3Client client = client(options.as(S3Options.class))) {
      refusePublic(client, bucket);
    } catch (S3Exception e) {
      throw new IOException("s3://" + bucket + ": " + e.awsErrorDetails().errorMessage() + " ("
          + e.awsErrorDetails().errorCode() + ", HTTP " + e.statusCode() + ")", e);
    }
  }

  /** Beam's S3 client for these options. */
  static S3Client client(S3Options options) {
    return InstanceBuilder.ofType(S3ClientBuilderFactory.class).fromClass(options.getS3ClientFactoryClass()).build()
        .createBuilder(options).build();
  }

  private static boolean exists(S3Client client, String bucket) {
    try {
      client.headBucket(b -> b.bucket(bucket));
      return true;
    } catch (NoSuchBucketException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Runs a call that some S3-compatible stores do not implement (HTTP 501): false there, true when it
   * ran; any other failure is thrown.
   */
  private static boolean notImplementedIsFalse(Runnable call) {
    try {
      call.run();
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 501) {
        return false;
      }
      throw e;
    }
  }

  /** A lake is never put on a bucket that its policy makes public. */
  private static void refusePublic(S3Client client, String bucket) throws IOException {
    boolean isPublic;
    try {
      isPublic = client.getBucketPolicyStatus(b -> b.bucket(bucket)).policyStatus().isPublic();
    } catch (S3Exception e) {
      if (e.statusCode() == 404 || e.statusCode() == 501) {
        return; // no bucket policy at all, or an S3-compatible store without bucket policies
      }
      throw e;
    }
    if (isPublic) {
      throw new IOException("s3://" + bucket + " is public (its bucket policy grants public access): a lake's raw "
          + "and trusted data must not be; remove the public statements and turn on Block Public Access");
    }
  }
}
