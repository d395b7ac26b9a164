package org.beamlake.capture.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;

/**
 * Turns an object of equally long column arrays into row objects, as Open-Meteo answers:
 *
 * <pre>{@code
 * // {"latitude":48.86, "daily":{"time":["2024-01-01","2024-01-02"], "temperature_2m_max":[5.1,6.3]}}
 * PCollection<String> rows = documents.apply(ZipColumnArrays.at("/daily"));
 * // {"time":"2024-01-01","temperature_2m_max":5.1}
 * // {"time":"2024-01-02","temperature_2m_max":6.3}
 * }</pre>
 *
 * <p>The transform reads JSON documents and emits one compact JSON object per row, fields in the
 * order of the columns; {@link #rows} does the same for one parsed document. A document without
 * an object at the pointer, a column that is not an array, or columns of different lengths is an
 * error naming the pointer and the columns (the pipeline fails: a capture should never have
 * stored such a response as this kind). An empty object gives no rows.
 */
public final class ZipColumnArrays extends PTransform<PCollection<String>, PCollection<String>> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String pointer;

  private ZipColumnArrays(String pointer) {
    this.pointer = pointer;
  }

  /** Zips the column arrays of the object at {@code pointer} (a JSON pointer, {@code ""} for the root). */
  public static ZipColumnArrays at(String pointer) {
    if (pointer == null) {
      throw new IllegalArgumentException("pointer must not be null");
    }
    JsonPointer.compile(pointer);
    return new ZipColumnArrays(pointer);
  }

  /** The rows of the column arrays at {@code pointer} in {@code document}, in array order. */
  public static List<ObjectNode> rows(JsonNode document, String pointer) {
    JsonNode columns = document.at(pointer);
    if (!columns.isObject()) {
      throw new IllegalArgumentException(columns.isMissingNode()
          ? "no column arrays at '" + pointer + "'"
          : "expected an object of column arrays at '" + pointer + "', found " + type(columns));
    }
    String first = null;
    int length = 0;
    for (Map.Entry<String, JsonNode> column : columns.properties()) {
      if (!column.getValue().isArray()) {
        throw new IllegalArgumentException("column '" + column.getKey() + "' at '" + pointer
            + "' is not an array but " + type(column.getValue()));
      }
      int size = column.getValue().size();
      if (first == null) {
        first = column.getKey();
        length = size;
      } else if (size != length) {
        throw new IllegalArgumentException("column arrays at '" + pointer + "' differ in length: "
            + first + " has " + length + " values, " + column.getKey() + " has " + size);
      }
    }
    List<ObjectNode> rows = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      ObjectNode row = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> column : columns.properties()) {
        row.set(column.getKey(), column.getValue().get(i));
      }
      rows.add(row);
    }
    return rows;
  }

  private static String type(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public PCollection<String> expand(PCollection<String> documents) {
    return documents.apply("Zip column arrays", ParDo.of(new ZipFn(pointer)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("pointer", pointer).withLabel("Column arrays at"));
  }

  private static final class ZipFn extends DoFn<String, String> {
    private static final long serialVersionUID = 1L;
    private final String pointer;

    ZipFn(String pointer) {
      this.pointer = pointer;
    }

    @ProcessElement
    public void process(@Element String document, OutputReceiver<String> out) throws IOException {
      for (ObjectNode row : rows(JSON.readTree(document), pointer)) {
        out.output(row.toString());
      }
    }
  }
}
