package org.beamlake.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.covar_pop;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile;
import static org.apache.spark.sql.functions.var_pop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The workload as a Spark user would write it by hand with the DataFrame API: an explicit schema (no
 * inference pass), the fill as a window average, one profiling aggregate for the constant and
 * all-null columns, a broadcast join, the joined rows cached because both tables read them.
 */
final class NativeSparkWorkload {
  private NativeSparkWorkload() {}

  static void run(Path data, Path work) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("bench-native")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.parquet.compression.codec", "snappy")
        .getOrCreate();
    try {
      StructType schema = new StructType()
          .add("country", DataTypes.StringType).add("indicator", DataTypes.StringType)
          .add("year", DataTypes.IntegerType).add("value", DataTypes.DoubleType)
          .add("source", DataTypes.StringType).add("note", DataTypes.StringType);
      Dataset<Row> obs = spark.read().option("header", "true").schema(schema).csv(data.resolve("obs").toString());
      obs = obs.withColumn("value", coalesce(col("value"),
          avg(col("value")).over(Window.partitionBy("country", "indicator"))));

      // Drop the columns with one value (or none): min = max over all rows and no nulls, or all null.
      List<Column> profile = new ArrayList<>();
      profile.add(count(lit(1)).as("__rows"));
      for (String c : obs.columns()) {
        profile.add(min(col(c)).as("min_" + c));
        profile.add(max(col(c)).as("max_" + c));
        profile.add(count(col(c)).as("count_" + c));
      }
      Row stats = obs.agg(profile.get(0), profile.subList(1, profile.size()).toArray(Column[]::new)).first();
      long rows = stats.getLong(stats.fieldIndex("__rows"));
      for (String c : obs.columns()) {
        long nonNull = stats.getLong(stats.fieldIndex("count_" + c));
        Object lo = stats.get(stats.fieldIndex("min_" + c));
        boolean constant = nonNull == 0 || (nonNull == rows && lo.equals(stats.get(stats.fieldIndex("max_" + c))));
        if (constant) {
          obs = obs.drop(c);
        }
      }

      StructType countrySchema = new StructType().add("country", DataTypes.StringType)
          .add("country_name", DataTypes.StringType).add("region", DataTypes.StringType);
      Dataset<Row> countries = spark.read().option("header", "true").schema(countrySchema)
          .csv(data.resolve("countries.csv").toString());
      Dataset<Row> joined = obs.join(broadcast(countries), "country").where(col("value").isNotNull()).cache();

      joined.groupBy("country", "country_name", "region", "indicator")
          .agg(avg("value").as("avg_val"), percentile(col("value"), lit(0.5)).as("median_val"),
              min("value").as("min_val"), max("value").as("max_val"), count("value").as("count_obs"))
          .write().mode("overwrite").parquet(Engine.SPARK.results(work, Engine.STATS).toString());
      joined.groupBy("indicator")
          .agg(covar_pop(col("value"), col("year").cast("double")).divide(var_pop(col("year").cast("double"))).as("slope"),
              count("value").as("count_obs"))
          .write().mode("overwrite").parquet(Engine.SPARK.results(work, Engine.SLOPES).toString());
    } finally {
      spark.stop();
    }
  }
}
