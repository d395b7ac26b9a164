package org.beamlake.testdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A recording front for an S3 API on 127.0.0.1: every request is passed on byte for byte (so
 * signatures still verify behind it) after its request line and headers are recorded, which is how a
 * test sees the headers a client really sent, e.g. {@code x-amz-server-side-encryption}. It answers
 * one call itself: {@code GetBucketPolicyStatus} ({@code GET /bucket?policyStatus}), which S3Proxy
 * does not implement, saying "public" for the buckets marked with {@link #makePublic}, and 404
 * {@code NoSuchBucketPolicy} for the others, as S3 does for a bucket without a policy.
 *
 * <p>Each request is sent to the back end with {@code Connection: close} (a header no S3 signature
 * covers), so every request arrives on a connection of its own and none passes unrecorded.
 */
public final class S3RecordingFront implements AutoCloseable {
  /** One request as sent: method, target (path and query, still encoded) and headers by lower-case name. */
  public record Request(String method, String target, Map<String, String> headers) {
    /** The path without the query. */
    public String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }
  }

  private final ServerSocket server;
  private final int backendPort;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "s3-recording-front");
    t.setDaemon(true);
    return t;
  });
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> publicBuckets = Collections.synchronizedSet(new HashSet<>());

  private S3RecordingFront(ServerSocket server, int backendPort) {
    this.server = server;
    this.backendPort = backendPort;
  }

  /** A front for the S3 API at {@code 127.0.0.1:backendPort}, on a free port. */
  public static S3RecordingFront start(int backendPort) throws IOException {
    S3RecordingFront front = new S3RecordingFront(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
        backendPort);
    front.threads.execute(front::accept);
    return front;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Every request so far, in order of arrival. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** From now on, GetBucketPolicyStatus says this bucket is public. */
  public void makePublic(String bucket) {
    publicBuckets.add(bucket);
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      byte[] head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
      String[] requestLine = lines[0].split(" ");
      Map<String, String> headers = new LinkedHashMap<>();
      StringBuilder forwarded = new StringBuilder(lines[0]).append("\r\n");
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        headers.put(name, lines[i].substring(colon + 1).trim());
        if (!name.equals("connection")) {
          forwarded.append(lines[i]).append("\r\n");
        }
      }
      forwarded.append("Connection: close\r\n\r\n");
      Request request = new Request(requestLine[0], requestLine[1], Map.copyOf(headers));
      requests.add(request);
      if (request.method().equals("GET") && request.target().matches("/[^/?]+/?\\?policyStatus(=|&|$).*")) {
        answerPolicyStatus(client.getOutputStream(), request.path().replaceAll("^/|/$", ""));
        return;
      }
      try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
        OutputStream toBackend = backend.getOutputStream();
        toBackend.write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
        toBackend.flush();
        threads.execute(() -> pipe(in, toBackend)); // the body, however long, as it comes
        backend.getInputStream().transferTo(client.getOutputStream()); // until the back end closes
      }
    } catch (IOException e) {
      // a client that went away: nothing to answer
    }
  }

  private void answerPolicyStatus(OutputStream out, String bucket) throws IOException {
    String body;
    int status;
    if (publicBuckets.contains(bucket)) {
      status = 200;
      body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PolicyStatus xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
          + "<IsPublic>true</IsPublic></PolicyStatus>";
    } else {
      status = 404;
      body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchBucketPolicy</Code>"
          + "<Message>The bucket policy does not exist</Message><BucketName>" + bucket + "</BucketName></Error>";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found") + "\r\nContent-Type: application/xml\r\n"
        + "Content-Length: " + bytes.length + "\r\nx-amz-request-id: front\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
  }

  private static void pipe(InputStream from, OutputStream to) {
    try {
      from.transferTo(to);
    } catch (IOException e) {
      // one side closed: the exchange is over
    }
  }

  /** The request line and headers, up to the blank line, or null at the end of the stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toByteArray();
      }
    }
    return null;
  }
}
