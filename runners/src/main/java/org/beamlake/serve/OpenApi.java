package org.beamlake.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * {@code GET /openapi.json}: the OpenAPI 3 description of the API, kept as a resource beside this
 * class, with the names of the lake's tables filled in as the values {@code {name}} can take.
 */
final class OpenApi {
  static final String RESOURCE = "openapi.json";

  private OpenApi() {}

  static ObjectNode document(Collection<String> tableNames) {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      ObjectNode doc = (ObjectNode) ApiResponse.JSON.readTree(in);
      ArrayNode names = ((ObjectNode) doc.at("/components/parameters/table/schema")).putArray("enum");
      tableNames.forEach(names::add);
      return doc;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + RESOURCE, e);
    }
  }
}
