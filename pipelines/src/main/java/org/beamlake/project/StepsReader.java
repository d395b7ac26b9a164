package org.beamlake.project;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.beamlake.schema.ColumnType;

/** Reads the {@code steps} and {@code rules} of a dataset: each item a map with one key, its kind. */
final class StepsReader {
  static final List<String> STEPS = List.of("cast", "rename", "select", "drop", "trim", "fill_nulls",
      "drop_constant_columns", "drop_null_columns", "deduplicate", "filter", "join", "derive", "check");
  static final List<String> RULES = List.of("not_null", "unique", "range", "allowed_values", "regex", "references");
  static final List<String> ACTIONS = List.of("quarantine", "warn", "fail");

  List<StepConfig> steps(YamlNode list) {
    List<StepConfig> steps = new ArrayList<>();
    for (YamlNode item : list.items()) {
      Map.Entry<String, YamlNode> only = single(item, STEPS, "a step");
      if (only != null) {
        step(only.getKey(), only.getValue()).ifPresent(steps::add);
      }
    }
    return steps;
  }

  List<RuleConfig> rules(YamlNode list) {
    List<RuleConfig> rules = new ArrayList<>();
    for (YamlNode item : list.items()) {
      Map.Entry<String, YamlNode> only = single(item, RULES, "a rule");
      if (only != null) {
        rule(only.getKey(), only.getValue()).ifPresent(rules::add);
      }
    }
    return rules;
  }

  private static Map.Entry<String, YamlNode> single(YamlNode item, List<String> kinds, String what) {
    Map<String, YamlNode> entries = item.entries();
    if (entries.size() != 1) {
      if (item.isMap()) {
        item.error("expected " + what + ": a map with one key, one of " + String.join(", ", kinds));
      }
      return null;
    }
    Map.Entry<String, YamlNode> only = entries.entrySet().iterator().next();
    if (!kinds.contains(only.getKey())) {
      item.allowOnly(kinds);
      return null;
    }
    return only;
  }

  private Optional<StepConfig> step(String kind, YamlNode v) {
    Where at = v.where();
    switch (kind) {
      case "cast": {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        v.entries().forEach((column, t) -> t.text().ifPresent(name -> {
          try {
            types.put(column, ColumnType.fromName(name));
          } catch (IllegalArgumentException e) {
            t.error(e.getMessage());
          }
        }));
        return Optional.of(new StepConfig.Cast(types, at));
      }
      case "rename": {
        Map<String, String> names = new LinkedHashMap<>();
        v.entries().forEach((from, to) -> to.text().ifPresent(t -> names.put(from, t)));
        return Optional.of(new StepConfig.Rename(names, at));
      }
      case "select":
        return Optional.of(new StepConfig.Select(v.names(), at));
      case "drop":
        return Optional.of(new StepConfig.Drop(v.names(), at));
      case "trim":
        if (v.isScalar()) {
          return v.choice(List.of("all")).map(a -> new StepConfig.Trim(List.of(), false, at));
        }
        if (v.isList()) {
          return Optional.of(new StepConfig.Trim(v.names(), false, at));
        }
        v.allowOnly(List.of("columns", "empty_as_null"));
        return Optional.of(new StepConfig.Trim(
            Optional.ofNullable(v.get("columns")).map(YamlNode::names).orElse(List.of()),
            Optional.ofNullable(v.get("empty_as_null")).flatMap(YamlNode::bool).orElse(false), at));
      case "fill_nulls":
        return Optional.of(new StepConfig.FillNulls(fills(v), at));
      case "drop_constant_columns":
      case "drop_null_columns": {
        List<String> keep = List.of();
        if (v.isMap()) {
          v.allowOnly(List.of("keep"));
          keep = Optional.ofNullable(v.get("keep")).map(YamlNode::names).orElse(List.of());
        } else if (!v.bool().orElse(false)) {
          return Optional.empty();
        }
        return Optional.of(kind.equals("drop_constant_columns")
            ? new StepConfig.DropConstantColumns(keep, at) : new StepConfig.DropNullColumns(keep, at));
      }
      case "deduplicate": {
        v.allowOnly(List.of("key", "keep_latest_by"));
        List<String> key = Optional.ofNullable(v.require("key", "the key columns")).map(YamlNode::names).orElse(List.of());
        String latest = Optional.ofNullable(v.get("keep_latest_by")).flatMap(YamlNode::text).orElse(null);
        return Optional.of(new StepConfig.Deduplicate(key, latest, at));
      }
      case "filter":
        return v.text().map(e -> new StepConfig.Filter(e, at));
      case "join": {
        v.allowOnly(List.of("dataset", "on", "type", "broadcast"));
        Optional<String> dataset = Optional.ofNullable(v.require("dataset", "a dataset name")).flatMap(YamlNode::text);
        List<String> on = Optional.ofNullable(v.require("on", "the key columns")).map(YamlNode::names).orElse(List.of());
        boolean inner = Optional.ofNullable(v.get("type")).flatMap(t -> t.choice(List.of("inner", "left")))
            .map("inner"::equals).orElse(false);
        boolean broadcast = Optional.ofNullable(v.get("broadcast")).flatMap(YamlNode::bool).orElse(true);
        return dataset.map(d -> new StepConfig.Join(d, on, inner, broadcast, at));
      }
      case "derive": {
        Map<String, String> columns = new LinkedHashMap<>();
        v.entries().forEach((column, e) -> e.text().ifPresent(t -> columns.put(column, t)));
        return Optional.of(new StepConfig.Derive(columns, at));
      }
      case "check":
        return Optional.of(new StepConfig.Check(rules(v), at));
      default:
        throw new IllegalStateException(kind);
    }
  }

  private List<StepConfig.Fill> fills(YamlNode v) {
    List<StepConfig.Fill> fills = new ArrayList<>();
    v.entries().forEach((column, how) -> {
      how.allowOnly(List.of("value", "mean", "mean_by"));
      Map<String, YamlNode> e = how.entries();
      if (e.size() != 1) {
        if (how.isMap()) {
          how.error("expected one of {value: X}, {mean: true} or {mean_by: [columns]}");
        }
        return;
      }
      if (e.containsKey("value")) {
        YamlNode value = e.get("value");
        if (value.isNull()) {
          value.error("expected a value to fill with");
        } else {
          fills.add(new StepConfig.Fill(column, value.scalarValue(), false, List.of()));
        }
      } else if (e.containsKey("mean")) {
        if (e.get("mean").bool().orElse(false)) {
          fills.add(new StepConfig.Fill(column, null, true, List.of()));
        }
      } else if (e.containsKey("mean_by")) {
        fills.add(new StepConfig.Fill(column, null, true, e.get("mean_by").names()));
      }
    });
    return fills;
  }

  private Optional<RuleConfig> rule(String kind, YamlNode v) {
    Where at = v.where();
    List<String> columns = new ArrayList<>();
    String action = "quarantine";
    boolean manyColumns = kind.equals("not_null") || kind.equals("unique");
    if (manyColumns && (v.isList() || v.isScalar())) {
      return Optional.of(new RuleConfig(kind, v.names(), null, null, List.of(), null, null, null, action, at));
    }
    List<String> keys = new ArrayList<>(List.of("action"));
    switch (kind) {
      case "not_null":
      case "unique":
        keys.add("columns");
        break;
      case "range":
        keys.addAll(List.of("column", "min", "max"));
        break;
      case "allowed_values":
        keys.addAll(List.of("column", "values"));
        break;
      case "regex":
        keys.addAll(List.of("column", "pattern"));
        break;
      default:
        keys.addAll(List.of("column", "dataset", "to"));
    }
    v.allowOnly(keys);
    if (!v.isMap()) {
      v.entries();
      return Optional.empty();
    }
    action = Optional.ofNullable(v.get("action")).flatMap(a -> a.choice(ACTIONS)).orElse(action);
    if (manyColumns) {
      columns.addAll(Optional.ofNullable(v.require("columns", "a list of columns")).map(YamlNode::names).orElse(List.of()));
    } else {
      Optional.ofNullable(v.require("column", "a column name")).flatMap(YamlNode::text).ifPresent(columns::add);
    }
    Object min = Optional.ofNullable(v.get("min")).map(YamlNode::scalarValue).orElse(null);
    Object max = Optional.ofNullable(v.get("max")).map(YamlNode::scalarValue).orElse(null);
    if (kind.equals("range") && min == null && max == null) {
      v.error("expected 'min', 'max' or both");
    }
    List<Object> values = new ArrayList<>();
    if (kind.equals("allowed_values")) {
      YamlNode list = v.require("values", "a list of allowed values");
      if (list != null) {
        list.items().forEach(i -> values.add(i.scalarValue()));
      }
    }
    String pattern = null;
    if (kind.equals("regex")) {
      YamlNode p = v.require("pattern", "a regular expression");
      pattern = p == null ? null : p.text().orElse(null);
      if (pattern != null) {
        try {
          java.util.regex.Pattern.compile(pattern);
        } catch (java.util.regex.PatternSyntaxException e) {
          p.error("invalid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
      }
    }
    String refDataset = kind.equals("references")
        ? Optional.ofNullable(v.require("dataset", "a dataset name")).flatMap(YamlNode::text).orElse(null) : null;
    String refColumn = kind.equals("references")
        ? Optional.ofNullable(v.require("to", "a column of that dataset")).flatMap(YamlNode::text).orElse(null) : null;
    return Optional.of(new RuleConfig(kind, columns, min, max, values, pattern, refDataset, refColumn, action, at));
  }
}
