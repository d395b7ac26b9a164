package org.beamlake.quality;

import static org.beamlake.quality.RuleTests.counter;
import static org.beamlake.quality.RuleTests.expandError;
import static org.beamlake.quality.RuleTests.rows;
import static org.beamlake.quality.RuleTests.runExpectingFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.beamlake.quarantine.Lineage;
import org.beamlake.quarantine.QuarantinedRecord;
import org.beamlake.quarantine.RowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ReferentialTest {
  static final Schema ORDERS = Lineage.withLineage(Schema.builder()
      .addInt32Field("order_id").addNullableField("customer_id", FieldType.INT32).build());
  static final Schema CUSTOMERS = Schema.builder().addInt64Field("id").addStringField("name").build();
  static final String ORDER_COLUMNS = "[order_id, customer_id]";

  static final Row KNOWN = order(1, 7);
  static final Row ALSO_KNOWN = order(2, 7);
  static final Row UNKNOWN = order(3, 42);
  static final Row NO_CUSTOMER = order(4, null);
  static final List<Row> ORDER_ROWS = List.of(KNOWN, ALSO_KNOWN, UNKNOWN, NO_CUSTOMER);

  static Row order(int id, Integer customer) {
    return Row.withSchema(ORDERS).addValues(id, customer, "orders.csv:" + (id + 1)).build();
  }

  static QuarantinedRecord reject(String reason, Row order) {
    return new QuarantinedRecord("rules", "references(customer_id \u2192 customers.id)", reason,
        "{\"order_id\":" + order.getInt32("order_id") + ",\"customer_id\":" + order.getInt32("customer_id") + "}",
        Lineage.of(order));
  }

  static PCollection<Row> customers(TestPipeline p, Row... rows) {
    return rows(p, "Customers", CUSTOMERS, rows);
  }

  static Row customer(long id, String name) {
    return Row.withSchema(CUSTOMERS).addValues(id, name).build();
  }

  static RowResult check(TestPipeline p, PCollection<Row> customers, RuleAction action) {
    return rows(p, "Orders", ORDERS, ORDER_ROWS.toArray(new Row[0])).apply(CheckRules.of(List.of(
        Referential.of("customer_id", "customers", customers, "id").withAction(action))));
  }

  @Test
  void quarantinesValuesMissingFromTheOtherDatasetComparingIntWithLong(TestPipeline p) {
    RowResult result = check(p, customers(p, customer(7, "Ada"), customer(8, "Bob")), RuleAction.QUARANTINE);
    PAssert.that(result.rows()).containsInAnyOrder(KNOWN, ALSO_KNOWN, NO_CUSTOMER);
    PAssert.that(result.rejects()).containsInAnyOrder(reject("customer_id=42 not found in customers.id", UNKNOWN));
    PipelineResult run = p.run();
    assertEquals(1, counter(run, "references(customer_id \u2192 customers.id).quarantined"));
  }

  @Test
  void anEmptyOtherDatasetRefusesEveryNonNullValue(TestPipeline p) {
    RowResult result = check(p, customers(p), RuleAction.QUARANTINE);
    PAssert.that(result.rows()).containsInAnyOrder(NO_CUSTOMER);
    PAssert.that(result.rejects()).containsInAnyOrder(
        reject("customer_id=7 not found in customers.id", KNOWN),
        reject("customer_id=7 not found in customers.id", ALSO_KNOWN),
        reject("customer_id=42 not found in customers.id", UNKNOWN));
    p.run();
  }

  @Test
  void quotesTextValuesInTheReason(TestPipeline p) {
    Schema codes = Schema.builder().addStringField("code").build();
    Schema areas = Lineage.withLineage(Schema.builder().addStringField("REF_AREA").build());
    Row usa = Row.withSchema(areas).addValues("USA", "a.csv:2").build();
    Row atlantis = Row.withSchema(areas).addValues("ATL", "a.csv:3").build();
    PCollection<Row> known = rows(p, "Codes", codes, Row.withSchema(codes).addValue("USA").build());
    RowResult result = rows(p, "Areas", areas, usa, atlantis)
        .apply(CheckRules.of(List.of(Referential.of("REF_AREA", "iso3", known, "code"))));
    PAssert.that(result.rows()).containsInAnyOrder(usa);
    PAssert.that(result.rejects()).containsInAnyOrder(new QuarantinedRecord("rules",
        "references(REF_AREA \u2192 iso3.code)", "REF_AREA='ATL' not found in iso3.code", "{\"REF_AREA\":\"ATL\"}", "a.csv:3"));
    p.run();
  }

  @Test
  void warnKeepsRowsAndCountsViolations(TestPipeline p) {
    RowResult result = check(p, customers(p, customer(7, "Ada")), RuleAction.WARN);
    PAssert.that(result.rows()).containsInAnyOrder(ORDER_ROWS);
    PAssert.that(result.rejects()).empty();
    PipelineResult run = p.run();
    assertEquals(1, counter(run, "references(customer_id \u2192 customers.id).warned"));
  }

  @Test
  void failStopsTheRunNamingRuleSourceAndReason(TestPipeline p) {
    check(p, customers(p, customer(7, "Ada")), RuleAction.FAIL);
    assertEquals("rule references(customer_id \u2192 customers.id) failed (action: fail) at orders.csv:4: "
        + "customer_id=42 not found in customers.id", runExpectingFailure(p).getMessage());
  }

  @Test
  void refusesAMissingColumn(TestPipeline p) {
    PCollection<Row> customers = customers(p);
    assertEquals("references(client \u2192 customers.id): no column 'client'; columns are " + ORDER_COLUMNS,
        expandError(p, ORDERS, Referential.of("client", "customers", customers, "id")));
  }

  @Test
  void refusesAMissingColumnInTheOtherDataset(TestPipeline p) {
    PCollection<Row> customers = customers(p);
    assertEquals("references(customer_id \u2192 customers.key): no column 'key' in customers; columns are [id, name]",
        expandError(p, ORDERS, Referential.of("customer_id", "customers", customers, "key")));
  }

  @Test
  void refusesAnOtherDatasetWithoutSchema(TestPipeline p) {
    PCollection<Row> untyped = p.apply("Untyped",
        Create.of(customer(7, "Ada")).withCoder(SerializableCoder.of(Row.class)));
    assertEquals("references(customer_id \u2192 customers.id): customers has no schema; give it one with setRowSchema",
        expandError(p, ORDERS, Referential.of("customer_id", "customers", untyped, "id")));
  }

  @Test
  void refusesColumnsOfDifferentTypes(TestPipeline p) {
    PCollection<Row> customers = customers(p);
    assertEquals("references(customer_id \u2192 customers.name): column customer_id is int, customers.name is string",
        expandError(p, ORDERS, Referential.of("customer_id", "customers", customers, "name")));
  }
}
