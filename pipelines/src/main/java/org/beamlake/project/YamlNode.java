package org.beamlake.project;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node with its file, line and key path, whose accessors report mistakes to {@link Problems}
 * instead of throwing, so one read finds every mistake. Accessors return empty/defaults after
 * reporting, so reading can go on.
 */
final class YamlNode {
  private final Node node;
  private final String file;
  private final String path;
  private final Problems problems;

  YamlNode(Node node, String file, String path, Problems problems) {
    this.node = node;
    this.file = file;
    this.path = path;
    this.problems = problems;
  }

  String path() {
    return path;
  }

  int line() {
    return node.getStartMark().getLine() + 1;
  }

  Where where() {
    return new Where(file, line(), path);
  }

  void error(String message) {
    problems.add(file, line(), path, message);
  }

  boolean isMap() {
    return node instanceof MappingNode;
  }

  boolean isList() {
    return node instanceof SequenceNode;
  }

  boolean isScalar() {
    return node instanceof ScalarNode;
  }

  boolean isNull() {
    return isScalar() && ((ScalarNode) node).getTag().getValue().endsWith(":null");
  }

  private String kind() {
    return isMap() ? "a map" : isList() ? "a list" : isNull() ? "nothing" : "'" + ((ScalarNode) node).getValue() + "'";
  }

  /** The entries of a map, in order; duplicate keys are reported. Not a map: reported, empty. */
  Map<String, YamlNode> entries() {
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    if (!isMap()) {
      error("expected a map, got " + kind());
      return entries;
    }
    for (NodeTuple tuple : ((MappingNode) node).getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode)) {
        problems.add(file, tuple.getKeyNode().getStartMark().getLine() + 1, path, "keys must be plain names");
        continue;
      }
      String key = ((ScalarNode) tuple.getKeyNode()).getValue();
      String childPath = path.isEmpty() ? key : path + "." + key;
      if (entries.containsKey(key)) {
        problems.add(file, tuple.getKeyNode().getStartMark().getLine() + 1, childPath, "duplicate key");
      }
      entries.put(key, new YamlNode(tuple.getValueNode(), file, childPath, problems));
    }
    return entries;
  }

  /** Reports every key not in {@code allowed}, suggesting the closest allowed one. */
  void allowOnly(Collection<String> allowed) {
    if (!isMap()) {
      return;
    }
    for (NodeTuple tuple : ((MappingNode) node).getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode) {
        String key = ((ScalarNode) tuple.getKeyNode()).getValue();
        if (!allowed.contains(key)) {
          String hint = Suggest.closest(key, allowed).map(s -> " (did you mean '" + s + "'?)").orElse("");
          problems.add(file, tuple.getKeyNode().getStartMark().getLine() + 1,
              path.isEmpty() ? key : path + "." + key,
              "unknown key" + hint + "; expected one of " + String.join(", ", allowed));
        }
      }
    }
  }

  @Nullable YamlNode get(String key) {
    if (!isMap()) {
      return null;
    }
    return entries().get(key);
  }

  /** The child, or reports it missing. */
  @Nullable YamlNode require(String key, String what) {
    YamlNode child = get(key);
    if (child == null || child.isNull()) {
      problems.add(file, line(), path.isEmpty() ? key : path + "." + key, "missing; expected " + what);
      return null;
    }
    return child;
  }

  List<YamlNode> items() {
    List<YamlNode> items = new ArrayList<>();
    if (!isList()) {
      error("expected a list, got " + kind());
      return items;
    }
    List<Node> values = ((SequenceNode) node).getValue();
    for (int i = 0; i < values.size(); i++) {
      items.add(new YamlNode(values.get(i), file, path + "[" + i + "]", problems));
    }
    return items;
  }

  /** A scalar's text; anything else is reported. */
  Optional<String> text() {
    if (!isScalar() || isNull()) {
      error("expected a value, got " + kind());
      return Optional.empty();
    }
    return Optional.of(((ScalarNode) node).getValue());
  }

  /** A list of names, also accepting a single name. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    if (isScalar() && !isNull()) {
      names.add(((ScalarNode) node).getValue());
      return names;
    }
    for (YamlNode item : items()) {
      item.text().ifPresent(names::add);
    }
    return names;
  }

  Optional<Integer> integer(int min) {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      int value = Integer.parseInt(text.get().trim());
      if (value < min) {
        error("expected an integer >= " + min + ", got " + value);
        return Optional.empty();
      }
      return Optional.of(value);
    } catch (NumberFormatException e) {
      error("expected an integer, got '" + text.get() + "'");
      return Optional.empty();
    }
  }

  Optional<Double> number() {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Double.parseDouble(text.get().trim()));
    } catch (NumberFormatException e) {
      error("expected a number, got '" + text.get() + "'");
      return Optional.empty();
    }
  }

  Optional<Boolean> bool() {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    switch (text.get().trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true":
      case "yes":
        return Optional.of(true);
      case "false":
      case "no":
        return Optional.of(false);
      default:
        error("expected true or false, got '" + text.get() + "'");
        return Optional.empty();
    }
  }

  /** A scalar that must be one of {@code choices} (case-insensitive), returned lower-case. */
  Optional<String> choice(Collection<String> choices) {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String value = text.get().trim().toLowerCase(java.util.Locale.ROOT);
    if (!choices.contains(value)) {
      String hint = Suggest.closest(value, choices).map(s -> " (did you mean '" + s + "'?)").orElse("");
      error("expected one of " + String.join(", ", choices) + ", got '" + text.get() + "'" + hint);
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** The scalar value as a plain Java value (string, long, double, boolean) for constants. */
  @Nullable Object scalarValue() {
    if (!isScalar() || isNull()) {
      return null;
    }
    String tag = ((ScalarNode) node).getTag().getValue();
    String text = ((ScalarNode) node).getValue();
    if (tag.endsWith(":int")) {
      return Long.parseLong(text);
    }
    if (tag.endsWith(":float")) {
      return Double.parseDouble(text);
    }
    if (tag.endsWith(":bool")) {
      return Boolean.parseBoolean(text);
    }
    return text;
  }
}
