package org.beamlake.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of the API: status, content type, body and extra headers. Built by {@link LakeApi}
 * without any HTTP machinery, written to the wire by {@link LakeServer}.
 */
record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
  static final String JSON_TYPE = "application/json; charset=utf-8";

  /** Compact JSON; decimals as plain numbers ({@code 0.000001}, not {@code 1E-6}). */
  static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  static ApiResponse json(Object value) {
    try {
      return new ApiResponse(200, JSON_TYPE, JSON.writeValueAsBytes(value), Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write JSON: " + e.getMessage(), e);
    }
  }

  /** A stored JSON document passed on as it is. */
  static ApiResponse jsonBytes(byte[] body) {
    return new ApiResponse(200, JSON_TYPE, body, Map.of());
  }

  static ApiResponse text(String contentType, String body, Map<String, String> headers) {
    return new ApiResponse(200, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  /** {@code {"error": message}}, plus {@code "parameter"} when one parameter is at fault. */
  static ApiResponse error(int status, String message, String parameter) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (parameter != null) {
      body.put("parameter", parameter);
    }
    ApiResponse ok = json(body);
    return new ApiResponse(status, ok.contentType(), ok.body(), Map.of());
  }

  ApiResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiResponse(status, contentType, body, more);
  }
}
