package org.beamlake.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.beamlake.lake.Lake;
import org.beamlake.lake.TableCommit;

/**
 * What a source's next capture starts from (e.g. {@code watermark}: the highest {@code
 * last_update} captured), kept in {@code _state/<source>.json} in the lake so a run on a cluster
 * and one on a laptop against the same lake agree.
 *
 * <p>The state is written only after the raw data it describes is committed, and every raw
 * manifest also records the state after its capture. If a run stopped between the two, the next
 * run finds a committed capture newer than the state file and takes its state from that manifest:
 * rows are neither captured twice nor skipped.
 *
 * @param values the state, e.g. {@code {watermark: "2024-05-01T10:00:00"}}; empty before the first capture
 * @param runId the run whose capture produced it, or null
 * @param committedAt when that capture was committed, or null
 */
record CaptureState(Map<String, String> values, String runId, String committedAt) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final CaptureState NONE = new CaptureState(Map.of(), null, null);

  /**
   * The state a capture by {@code runId} starts from: if that run already captured the source (a
   * re-run), the state that run started from, so the re-run captures the same window again
   * instead of nothing; else {@link #load(Lake, String, Optional)}.
   */
  static CaptureState forRun(Lake lake, String source, Optional<RawInputs.Capture> sameRun,
      Optional<RawInputs.Capture> latestOther) {
    return sameRun.flatMap(c -> inManifest(c, "state_before")).map(before -> new CaptureState(before, null, null))
        .orElseGet(() -> load(lake, source, latestOther));
  }

  /** The state to start from: the state file, or the latest capture's manifest if that is newer. */
  static CaptureState load(Lake lake, String source, Optional<RawInputs.Capture> latest) {
    CaptureState saved = read(lake.state(source));
    if (latest.isPresent()) {
      RawInputs.Capture capture = latest.get();
      boolean newer = saved.committedAt() == null
          || capture.commit().committedAt().compareTo(saved.committedAt()) > 0;
      if (newer) {
        Map<String, String> after = inManifest(capture, "state_after").orElse(Map.of());
        if (!after.isEmpty()) {
          return new CaptureState(after, capture.commit().runId(), capture.commit().committedAt());
        }
      }
    }
    return saved;
  }

  /** Saves the state after a committed capture. */
  void save(Lake lake, String source) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("source", source);
    doc.put("state", values);
    doc.put("run_id", runId);
    doc.put("committed_at", committedAt);
    try {
      TableCommit.writeJson(lake.state(source), doc);
    } catch (IOException e) {
      throw new UncheckedIOException("could not save the capture state of " + source, e);
    }
  }

  private static CaptureState read(String file) {
    try {
      if (!TableCommit.exists(file)) {
        return NONE;
      }
      JsonNode doc = TableCommit.readJson(file, JsonNode.class);
      return new CaptureState(strings(doc.get("state")), text(doc.get("run_id")), text(doc.get("committed_at")));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read capture state " + file, e);
    }
  }

  /** A state recorded in a capture's manifest ({@code state_before} or {@code state_after}); empty without a manifest. */
  private static Optional<Map<String, String>> inManifest(RawInputs.Capture capture, String key) {
    String manifest = capture.directory() + "_manifest.json";
    try {
      if (!TableCommit.exists(manifest)) {
        return Optional.empty();
      }
      return Optional.of(strings(TableCommit.readJson(manifest, JsonNode.class).get(key)));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + manifest, e);
    }
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
    }
    return out;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  static ObjectMapper json() {
    return JSON;
  }
}
