package org.beamlake.azure.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class AzfsCredentialsTest {
  private static final String LAKE = "azfs://acct/lake/world";

  private static void check(String... args) {
    AzfsCredentials.requireCommit(LAKE, PipelineOptionsFactory.fromArgs(args).create());
  }

  @Test
  void aKeyASasOrAConnectionStringCanCommit() {
    check("--accountName=acct", "--accessKey=a2V5");
    check("--sasToken=sv=2024&sig=x");
    check("--azureConnectionString=DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5");
  }

  @Test
  void otherLakesAreNotChecked() {
    AzfsCredentials.requireCommit("s3://bucket/world", PipelineOptionsFactory.create());
    AzfsCredentials.requireCommit("abfss://lake@acct.dfs.core.windows.net/world", PipelineOptionsFactory.create());
  }

  @Test
  void defaultAzureCredentialAloneIsRefusedBeforeAnyWork() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check("--accountName=acct"));
    assertEquals("lake azfs://acct/lake/world: no account key, SAS token or connection string after --; Beam's azfs "
        + "would use DefaultAzureCredential, which reads but cannot commit (its renames copy blobs with a SAS signed by "
        + "a key). Give --accountName=ACCOUNT '--accessKey=${env:AZURE_STORAGE_KEY}' or "
        + "'--sasToken=${env:AZURE_STORAGE_SAS}', or on Databricks the abfss:// URI of the same container",
        e.getMessage());
  }

  @Test
  void aKeyNeedsItsAccount() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check("--accessKey=a2V5"));
    assertEquals("--accessKey needs --accountName=ACCOUNT (the storage account of azfs://acct/lake/world)",
        e.getMessage());
  }
}
