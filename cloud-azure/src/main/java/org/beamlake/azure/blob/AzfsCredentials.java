package org.beamlake.azure.blob;

import org.apache.beam.sdk.io.azure.options.BlobstoreOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Whether Beam's azfs filesystem can commit to a lake with the credentials given. Without an
 * account key, a SAS token or a connection string, Beam authenticates with {@code
 * DefaultAzureCredential} (managed identity, environment service principal, {@code az login}),
 * which reads and lists, but its rename copies each blob with a SAS it must sign from a key or be
 * given ("Copying blobs requires that a SAS token, connection string, or account key be
 * provided."): a run would fail at its first commit, after its pipeline. So a run refuses to start.
 */
public final class AzfsCredentials {
  private AzfsCredentials() {}

  private static boolean empty(String value) {
    return value == null || value.isEmpty();
  }

  /** Throws, naming what to give, unless {@code options} let Beam's azfs copy blobs of {@code lake}. */
  public static void requireCommit(String lake, PipelineOptions options) {
    if (lake == null || !lake.startsWith("azfs://")) {
      return;
    }
    BlobstoreOptions blob = options.as(BlobstoreOptions.class);
    if (!empty(blob.getAccessKey()) && empty(blob.getAccountName())) {
      throw new IllegalArgumentException("--accessKey needs --accountName=ACCOUNT (the storage account of " + lake + ")");
    }
    if (empty(blob.getAccessKey()) && empty(blob.getSasToken())
        && empty(blob.getAzureConnectionString())) {
      throw new IllegalArgumentException("lake " + lake + ": no account key, SAS token or connection string after --; "
          + "Beam's azfs would use DefaultAzureCredential, which reads but cannot commit (its renames copy blobs with "
          + "a SAS signed by a key). Give --accountName=ACCOUNT '--accessKey=${env:AZURE_STORAGE_KEY}' or "
          + "'--sasToken=${env:AZURE_STORAGE_SAS}', or on Databricks the abfss:// URI of the same container");
    }
  }
}
