package org.beamlake.testdata;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * The S3 API on 127.0.0.1: S3Proxy, embedded, with an in-memory store and AWS V4 signatures checked
 * against a key pair made for this instance. Clients reach it path-style at {@link #endpoint()}, with
 * the key pair given the way AWS's default credential chain reads it (the test sets the {@code
 * aws.accessKeyId}/{@code aws.secretAccessKey} system properties, or the environment variables).
 */
public final class S3StandIn implements AutoCloseable {
  private final S3Proxy proxy;
  private final String accessKey;
  private final String secretKey;

  private S3StandIn(S3Proxy proxy, String accessKey, String secretKey) {
    this.proxy = proxy;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Starts on a free port of 127.0.0.1. */
  public static S3StandIn start() throws Exception {
    byte[] bytes = new byte[20];
    new SecureRandom().nextBytes(bytes);
    String accessKey = "AKIA" + HexFormat.of().formatHex(bytes, 0, 8).toUpperCase();
    String secretKey = HexFormat.of().formatHex(bytes);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new TransientNio2BlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(20);
    }
    return new S3StandIn(proxy, accessKey, secretKey);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
