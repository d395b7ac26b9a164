package org.beamlake.combine;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.schemas.FieldAccessDescriptor;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema aggregation ({@code Group.byFieldNames(...).aggregateField(...)}, which Beam SQL builds
 * for every {@code GROUP BY}) with two shortcuts, results unchanged:
 *
 * <ul>
 *   <li>Each aggregate's input is read straight from the row when it is one top-level field of a
 *       flat type. Beam's own aggregation builds two new one-field {@link Row}s (a selection, then
 *       its flattening) for every aggregate of every input row, only to read the one value back:
 *       in a profile of the benchmark's five aggregates that was a ninth of the analytics' samples.
 *   <li>The output row is attached, not built, when every value already has the Java type of its
 *       field (numbers, decimals, booleans, strings; null in a nullable field). Beam's {@code
 *       Row.Builder.build()} walks every field through its field matcher to check values that are
 *       right: 8% of the analytics' samples with 375,000 groups. Other values (dates, times,
 *       arrays, rows) go through {@code build()} as before.
 * </ul>
 *
 * <p>Everything else is Beam's: the aggregates, their accumulators and coder, the merge, and the
 * input of an aggregate over several fields or over a row, array or map field. The parts are found
 * by reflection in Beam's {@code SchemaAggregateFn} (Beam 2.70.0); where they are not as expected
 * {@link #of} returns the aggregation unchanged and logs why, so a Beam upgrade can make this
 * slower but not wrong. {@code DirectFieldAggregationTest} fails if it no longer applies.
 */
final class DirectFieldAggregation extends CombineFn<Row, Object[], Row> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DirectFieldAggregation.class);
  private static final String INNER = "org.apache.beam.sdk.schemas.transforms.SchemaAggregateFn$Inner";
  private static final String COMPOSED = "org.apache.beam.sdk.transforms.CombineFns$ComposedCombineFn";
  private static final String SINGLE_FIELD = INNER + "$ExtractSingleFieldFunction";
  private static final String FIELD_AGGREGATION = INNER + "$FieldAggregation";

  /** Field types whose values {@code Row.Builder.build()} only checks, never converts. */
  private static final Map<TypeName, Class<?>> ATTACHABLE = Map.of(
      TypeName.BYTE, Byte.class, TypeName.INT16, Short.class, TypeName.INT32, Integer.class,
      TypeName.INT64, Long.class, TypeName.FLOAT, Float.class, TypeName.DOUBLE, Double.class,
      TypeName.DECIMAL, BigDecimal.class, TypeName.BOOLEAN, Boolean.class, TypeName.STRING, String.class);

  private final CombineFn<Row, Object[], Row> aggregation;
  private final List<CombineFn<Object, Object, Object>> fns;
  private final List<SerializableFunction<Row, Object>> extractors;
  /** Per aggregate, the input field's index in the row, or -1 to use Beam's extractor. */
  private final int[] fields;
  /** Per aggregate, whether a logical-type field is read as its base value. */
  private final boolean[] baseValues;
  private final Schema outputSchema;
  /** Per output field, the aggregate whose output it is. */
  private final int[] outputs;
  /** Per output field, the one Java class its values may be attached as; null: build the row. */
  private final Class<?>[] attachable;

  private DirectFieldAggregation(CombineFn<Row, Object[], Row> aggregation, List<CombineFn<Object, Object, Object>> fns,
      List<SerializableFunction<Row, Object>> extractors, int[] fields, boolean[] baseValues, Schema outputSchema,
      int[] outputs) {
    this.aggregation = aggregation;
    this.fns = fns;
    this.extractors = extractors;
    this.fields = fields;
    this.baseValues = baseValues;
    this.outputSchema = outputSchema;
    this.outputs = outputs;
    this.attachable = new Class<?>[outputs.length];
    for (int j = 0; j < outputs.length; j++) {
      attachable[j] = ATTACHABLE.get(outputSchema.getField(j).getType().getTypeName());
    }
  }

  /** {@code fn} with the shortcuts above if it is Beam's schema aggregation as expected; else {@code fn} itself. */
  @SuppressWarnings("unchecked")
  static <InputT, AccumT, OutputT> CombineFn<InputT, AccumT, OutputT> of(CombineFn<InputT, AccumT, OutputT> fn) {
    Class<?> inner;
    try {
      inner = Class.forName(INNER);
    } catch (ClassNotFoundException e) {
      LOG.debug("no {} in this Beam: aggregations run as Beam runs them", INNER);
      return fn;
    }
    if (!inner.isInstance(fn)) {
      return fn;
    }
    try {
      Object composed = accessible(inner.getDeclaredMethod("getComposedCombineFn")).invoke(fn);
      Class<?> composedClass = Class.forName(COMPOSED);
      Class<?> singleField = Class.forName(SINGLE_FIELD);
      Class<?> fieldAggregation = Class.forName(FIELD_AGGREGATION);
      List<CombineFn<Object, Object, Object>> fns =
          new ArrayList<>((List<CombineFn<Object, Object, Object>>) field(composedClass, "combineFns").get(composed));
      List<SerializableFunction<Row, Object>> extractors =
          new ArrayList<>((List<SerializableFunction<Row, Object>>) field(composedClass, "extractInputFns").get(composed));
      List<TupleTag<?>> tags = (List<TupleTag<?>>) field(composedClass, "outputTags").get(composed);
      Schema input = (Schema) accessible(inner.getDeclaredMethod("getInputSchema")).invoke(fn);
      Schema output = (Schema) accessible(inner.getDeclaredMethod("getOutputSchema")).invoke(fn);
      List<?> aggregations = (List<?>) accessible(inner.getDeclaredMethod("getFieldAggregations")).invoke(fn);
      if (aggregations.size() != output.getFieldCount() || fns.size() != extractors.size() || tags.size() != fns.size()) {
        throw new IllegalStateException(aggregations.size() + " aggregations, " + output.getFieldCount()
            + " output fields, " + fns.size() + " aggregates, " + extractors.size() + " inputs, " + tags.size() + " tags");
      }
      int[] outputs = new int[aggregations.size()];
      Field combineTag = field(fieldAggregation, "combineTag");
      for (int j = 0; j < outputs.length; j++) {
        outputs[j] = tags.indexOf(combineTag.get(aggregations.get(j)));
        if (outputs[j] < 0) {
          throw new IllegalStateException("output field " + j + " has no aggregate");
        }
      }
      Field selection = field(singleField, "fieldAggregation");
      Field selected = field(fieldAggregation, "fieldsToAggregate");
      Field extractBaseValue = field(singleField, "extractBaseValue");
      int[] fields = new int[extractors.size()];
      boolean[] baseValues = new boolean[extractors.size()];
      for (int i = 0; i < extractors.size(); i++) {
        Object extractor = extractors.get(i);
        fields[i] = singleField.isInstance(extractor)
            ? singleTopLevelField((FieldAccessDescriptor) selected.get(selection.get(extractor)), input) : -1;
        baseValues[i] = fields[i] >= 0 && (boolean) extractBaseValue.get(extractor)
            && input.getField(fields[i]).getType().getTypeName().isLogicalType();
      }
      return (CombineFn<InputT, AccumT, OutputT>) (CombineFn<?, ?, ?>) new DirectFieldAggregation(
          (CombineFn<Row, Object[], Row>) (CombineFn<?, ?, ?>) fn, fns, extractors, fields, baseValues, output, outputs);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("Beam's schema aggregation is not as expected ({}): it runs as Beam runs it", e.toString());
      return fn;
    }
  }

  /** The index of the one top-level field of a flat type that {@code selected} names; else -1. */
  private static int singleTopLevelField(FieldAccessDescriptor selected, Schema input) {
    if (selected.getAllFields() || selected.getFieldsAccessed().size() != 1 || !selected.getNestedFieldsAccessed().isEmpty()) {
      return -1;
    }
    FieldAccessDescriptor.FieldDescriptor only = selected.getFieldsAccessed().get(0);
    if (only.getFieldId() == null || !only.getQualifiers().isEmpty() || only.getFieldId() >= input.getFieldCount()) {
      return -1;
    }
    // Beam selects the field into a row of one field, then flattens that row: for a field that is
    // no row, array or map, both leave the value as it is in the input row.
    FieldType type = input.getField(only.getFieldId()).getType();
    FieldType base = type.getTypeName().isLogicalType() ? type.getLogicalType().getBaseType() : type;
    return base.getTypeName().isPrimitiveType() ? only.getFieldId() : -1;
  }

  /** How many aggregates read their input straight from the row. */
  int directInputs() {
    return (int) Arrays.stream(fields).filter(field -> field >= 0).count();
  }

  /** How many output fields can be attached as they are, for values of their type. */
  int attachableOutputs() {
    return (int) Arrays.stream(attachable).filter(type -> type != null).count();
  }

  private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
    Field field = owner.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  private static Method accessible(Method method) {
    method.setAccessible(true);
    return method;
  }

  @Override
  public Object[] createAccumulator() {
    return aggregation.createAccumulator();
  }

  @Override
  public Object[] addInput(Object[] accumulators, Row row) {
    for (int i = 0; i < fields.length; i++) {
      int field = fields[i];
      Object value = field < 0 ? extractors.get(i).apply(row)
          : baseValues[i] ? row.getBaseValue(field, Object.class) : row.getValue(field);
      accumulators[i] = fns.get(i).addInput(accumulators[i], value);
    }
    return accumulators;
  }

  @Override
  public Object[] mergeAccumulators(Iterable<Object[]> accumulators) {
    return aggregation.mergeAccumulators(accumulators);
  }

  @Override
  public Object[] compact(Object[] accumulator) {
    return aggregation.compact(accumulator);
  }

  /** As Beam's: each aggregate's output in the output field's place; attached where every value fits as it is. */
  @Override
  public Row extractOutput(Object[] accumulators) {
    List<Object> values = new ArrayList<>(outputs.length);
    boolean attach = true;
    for (int j = 0; j < outputs.length; j++) {
      Object value = fns.get(outputs[j]).extractOutput(accumulators[outputs[j]]);
      values.add(value);
      attach &= value == null
          ? outputSchema.getField(j).getType().getNullable()
          : attachable[j] != null && value.getClass() == attachable[j];
    }
    return attach ? Row.withSchema(outputSchema).attachValues(values)
        : Row.withSchema(outputSchema).addValues(values).build();
  }

  @Override
  public Coder<Object[]> getAccumulatorCoder(CoderRegistry registry, Coder<Row> inputCoder)
      throws CannotProvideCoderException {
    return aggregation.getAccumulatorCoder(registry, inputCoder);
  }

  @Override
  public Coder<Row> getDefaultOutputCoder(CoderRegistry registry, Coder<Row> inputCoder)
      throws CannotProvideCoderException {
    return aggregation.getDefaultOutputCoder(registry, inputCoder);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    aggregation.populateDisplayData(builder);
  }
}
