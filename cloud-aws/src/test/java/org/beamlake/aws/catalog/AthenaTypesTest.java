package org.beamlake.aws.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.Type;
import org.beamlake.lake.TableSchemas;
import org.beamlake.schema.ColumnType;
import org.junit.jupiter.api.Test;

/** Athena types of Parquet columns: every type beamlake writes, and the nested and legacy ones it may meet. */
class AthenaTypesTest {
  @Test
  void everyColumnTypeAsBeamlakeWritesIt() {
    Schema.Builder beam = Schema.builder();
    for (ColumnType type : ColumnType.values()) {
      beam.addField("c_" + type.typeName(), type.fieldType());
    }
    // the Parquet schema of the files: Avro from TableSchemas, converted as ParquetIO's writer converts it
    MessageType parquet = new AvroSchemaConverter().convert(TableSchemas.avro(beam.build()));
    Map<String, String> athena = new LinkedHashMap<>();
    for (Type field : parquet.getFields()) {
      athena.put(field.getName(), AthenaTypes.of(field, "t." + field.getName()));
    }
    assertEquals(Map.of("c_string", "string", "c_int", "int", "c_long", "bigint", "c_double", "double",
        "c_boolean", "boolean", "c_decimal", "decimal(38,18)", "c_date", "date", "c_timestamp", "timestamp"), athena);
    List<String> partitionTypes = new ArrayList<>();
    for (ColumnType type : ColumnType.values()) {
      partitionTypes.add(AthenaTypes.ofColumnType(type.typeName()));
    }
    assertEquals(List.of("string", "int", "bigint", "double", "boolean", "decimal(38,18)", "date", "timestamp"),
        partitionTypes);
  }

  @Test
  void otherParquetTypesNestedAndLegacy() {
    MessageType parquet = MessageTypeParser.parseMessageType("message m {\n"
        + "  optional int32 i8 (INTEGER(8,true));\n"
        + "  optional int32 i16 (INTEGER(16,true));\n"
        + "  optional int32 u32 (INTEGER(32,false));\n"
        + "  optional int64 d18 (DECIMAL(18,4));\n"
        + "  optional fixed_len_byte_array(16) d38 (DECIMAL(38,10));\n"
        + "  optional int64 ts_micros (TIMESTAMP(MICROS,false));\n"
        + "  optional int96 legacy_ts;\n"
        + "  optional float f;\n"
        + "  optional binary raw;\n"
        + "  optional binary e (ENUM);\n"
        + "  optional group tags (LIST) { repeated group list { optional binary element (STRING); } }\n"
        + "  optional group legacy (LIST) { repeated int32 array; }\n"
        + "  optional group attrs (MAP) { repeated group key_value { required binary key (STRING);"
        + " optional double value; } }\n"
        + "  optional group point { optional double x; optional double y; }\n"
        + "  repeated int64 bare;\n"
        + "}");
    List<String> athena = new ArrayList<>();
    for (Type field : parquet.getFields()) {
      athena.add(AthenaTypes.of(field, "t." + field.getName()));
    }
    assertEquals(List.of("tinyint", "smallint", "bigint", "decimal(18,4)", "decimal(38,10)", "timestamp", "timestamp",
        "float", "binary", "string", "array<string>", "array<int>", "map<string,double>", "struct<x:double,y:double>",
        "array<bigint>"), athena);
  }

  @Test
  void aTypeAthenaCannotReadIsRefusedByName() {
    MessageType parquet = MessageTypeParser.parseMessageType("message m { optional int64 big (INTEGER(64,false)); }");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AthenaTypes.of(parquet.getType(0), "sales.big"));
    assertEquals("sales.big: no Athena type for Parquet type INT64 (INTEGER(64,false))", e.getMessage());
  }
}
