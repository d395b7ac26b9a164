package org.beamlake.serve;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.beamlake.capture.Secrets;
import org.beamlake.lake.Lake;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where and how {@link LakeServer} serves a lake: the interface and port, and the bearer token
 * every request must carry, given as an {@code ${env:NAME}} reference so the token itself is never
 * in a command line, a file or a log.
 *
 * <pre>{@code
 * ServeSettings settings = ServeSettings.of(Lake.at("lake"))       // 127.0.0.1:8080, no token
 *     .withHost("0.0.0.0").withToken("${env:BEAMLAKE_TOKEN}");  // any interface: a token is required
 * }</pre>
 *
 * <p>A loopback interface (127.0.0.0/8, ::1, localhost) may be served without a token; any other
 * needs one. Immutable; the order of {@code withX} calls does not matter, the rule is checked by
 * {@link #check}, which {@link LakeServer#start} calls.
 */
public final class ServeSettings {
  /** The interface served by default: this machine only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  public static final int DEFAULT_PORT = 8080;

  private final Lake lake;
  private final String host;
  private final int port;
  private final @Nullable String tokenReference;

  private ServeSettings(Lake lake, String host, int port, @Nullable String tokenReference) {
    this.lake = lake;
    this.host = host;
    this.port = port;
    this.tokenReference = tokenReference;
  }

  /** Serves {@code lake} on 127.0.0.1:8080 without a token. */
  public static ServeSettings of(Lake lake) {
    checkArgument(lake != null, "lake must not be null");
    return new ServeSettings(lake, DEFAULT_HOST, DEFAULT_PORT, null);
  }

  /** The interface to bind: a name or an address; not a loopback one needs {@link #withToken}. */
  public ServeSettings withHost(String host) {
    checkArgument(host != null && !host.isBlank(), "host must not be empty");
    return new ServeSettings(lake, host.trim(), port, tokenReference);
  }

  /** The port; 0 picks a free one. */
  public ServeSettings withPort(int port) {
    checkArgument(port >= 0 && port <= 65535, "port must be from 0 to 65535, got %s", port);
    return new ServeSettings(lake, host, port, tokenReference);
  }

  /**
   * The bearer token every request must send ({@code Authorization: Bearer <token>}), as exactly
   * one {@code ${env:NAME}} reference. A literal value is refused without being repeated, since it
   * may be the secret itself.
   */
  public ServeSettings withToken(String reference) {
    checkArgument(reference != null && Secrets.names(reference).size() == 1
            && reference.equals("${env:" + Secrets.names(reference).get(0) + "}"),
        "the token must be given as an ${env:NAME} reference (e.g. --token '${env:BEAMLAKE_TOKEN}'), not as its value, "
            + "so it never shows in shell history, the process list or logs");
    return new ServeSettings(lake, host, port, reference);
  }

  public Lake lake() {
    return lake;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The token reference as given, e.g. {@code ${env:BEAMLAKE_TOKEN}}, or null. */
  public @Nullable String tokenReference() {
    return tokenReference;
  }

  /** Whether {@link #host} is this machine only. */
  public boolean isLoopback() {
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host.replaceAll("^\\[|]$", ""));
      return List.of(addresses).stream().allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host '" + host + "'", e);
    }
  }

  /** Refuses to serve another interface than loopback without a token. */
  public ServeSettings check() {
    if (!isLoopback() && tokenReference == null) {
      throw new IllegalArgumentException("serving " + host + " makes the lake readable from other machines: give a "
          + "bearer token as --token '${env:NAME}' (clients send 'Authorization: Bearer <token>'), or serve "
          + DEFAULT_HOST);
    }
    return this;
  }

  /** The token's value, resolved now; fails naming the variable if it is not set or empty. */
  @Nullable String resolveToken(Secrets secrets) {
    if (tokenReference == null) {
      return null;
    }
    String token = secrets.resolve(tokenReference);
    if (token.isBlank()) {
      throw new IllegalArgumentException("the token " + tokenReference + " is empty");
    }
    return token;
  }
}
