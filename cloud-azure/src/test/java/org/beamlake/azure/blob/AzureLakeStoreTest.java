package org.beamlake.azure.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.PublicAccessType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.azure.options.BlobstoreOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.beamlake.testdata.Azurite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code lake init} on Blob Storage: Azurite on 127.0.0.1, the real Azure SDK client. */
class AzureLakeStoreTest {
  private static Azurite azurite;
  private static BlobstoreOptions options;
  private static BlobServiceClient service;

  @BeforeAll
  static void start() throws IOException {
    azurite = Azurite.start();
    options = PipelineOptionsFactory.create().as(BlobstoreOptions.class);
    options.setBlobServiceEndpoint(azurite.endpoint());
    options.setAccountName(azurite.account());
    options.setAccessKey(azurite.key());
    service = AzureLakeStore.client(AzfsLocation.parse("azfs://beamlake/any"), options);
  }

  @AfterAll
  static void stop() {
    if (azurite != null) {
      azurite.close();
    }
  }

  @Test
  void createsAPrivateContainerAndTheZonesAndIsSafeToRunAgain() throws IOException {
    String lake = "azfs://beamlake/sales-lake/lakes/sales";
    List<String> first = new AzureLakeStore().init(lake, options, true);
    assertEquals(List.of("created azfs://beamlake/sales-lake (private)",
        "created azfs://beamlake/sales-lake/lakes/sales/raw/", "created azfs://beamlake/sales-lake/lakes/sales/trusted/",
        "created azfs://beamlake/sales-lake/lakes/sales/quarantine/",
        "created azfs://beamlake/sales-lake/lakes/sales/refined/", "created azfs://beamlake/sales-lake/lakes/sales/_runs/",
        "created azfs://beamlake/sales-lake/lakes/sales/_state/"), first);
    BlobContainerClient container = service.getBlobContainerClient("sales-lake");
    assertNull(container.getAccessPolicy().getBlobAccessType());
    assertEquals(Map.of("hdi_isfolder", "true"),
        container.getBlobClient("lakes/sales/trusted").getProperties().getMetadata());

    container.getBlobClient("lakes/sales/raw/keep.txt").upload(BinaryData.fromString("kept"));
    List<String> again = new AzureLakeStore().init(lake + "/", options, false);
    assertEquals(List.of("exists  azfs://beamlake/sales-lake/lakes/sales/raw/",
        "exists  azfs://beamlake/sales-lake/lakes/sales/trusted/", "exists  azfs://beamlake/sales-lake/lakes/sales/quarantine/",
        "exists  azfs://beamlake/sales-lake/lakes/sales/refined/", "exists  azfs://beamlake/sales-lake/lakes/sales/_runs/",
        "exists  azfs://beamlake/sales-lake/lakes/sales/_state/"), again);
    assertEquals("kept", container.getBlobClient("lakes/sales/raw/keep.txt").downloadContent().toString());
  }

  @Test
  void aLakeAtTheContainerRootHasItsZonesThere() throws IOException {
    assertEquals("created azfs://beamlake/root-lake/raw/",
        new AzureLakeStore().init("azfs://beamlake/root-lake", options, true).get(1));
    assertEquals(true, service.getBlobContainerClient("root-lake").getBlobClient("_state").exists());
  }

  @Test
  void aMissingContainerIsCreatedOnlyWhenAsked() {
    IOException e = assertThrows(IOException.class,
        () -> new AzureLakeStore().init("azfs://beamlake/nowhere/lake", options, false));
    assertEquals("container azfs://beamlake/nowhere does not exist; pass --create to create it", e.getMessage());
    assertEquals(false, service.getBlobContainerClient("nowhere").exists());
  }

  @Test
  void aPublicContainerIsRefused() {
    service.getBlobContainerClient("open-data").createWithResponse(null, PublicAccessType.BLOB, null, null);
    IOException e = assertThrows(IOException.class,
        () -> new AzureLakeStore().init("azfs://beamlake/open-data/lake", options, true));
    assertEquals("container azfs://beamlake/open-data allows public access (blob); a lake must be private: set its "
        + "access level to Private, or use another container", e.getMessage());
    assertEquals(false, service.getBlobContainerClient("open-data").getBlobClient("lake/raw").exists());
  }

  @Test
  void aWrongKeySaysWhatToCheck() {
    BlobstoreOptions wrong = PipelineOptionsFactory.create().as(BlobstoreOptions.class);
    wrong.setBlobServiceEndpoint(azurite.endpoint());
    wrong.setAccountName(azurite.account());
    wrong.setAccessKey(java.util.Base64.getEncoder().encodeToString(new byte[64]));
    IOException e = assertThrows(IOException.class,
        () -> new AzureLakeStore().init("azfs://beamlake/sales-lake/x", wrong, true));
    assertEquals("azfs://beamlake/sales-lake: 403 AuthorizationFailure (check the account, the endpoint and the "
        + "credentials given after --)", e.getMessage());
  }

  @Test
  void malformedLocationsSayWhatIsExpected() {
    assertEquals("'Sales' in azfs://Sales/lake is not a storage account name; expected 3 to 24 lower-case letters "
        + "and digits", assertThrows(IllegalArgumentException.class, () -> AzfsLocation.parse("azfs://Sales/lake"))
        .getMessage());
    assertEquals("'My_Lake' in azfs://acct/My_Lake/x is not a container name; expected 3 to 63 lower-case letters, "
        + "digits and single hyphens, starting and ending with a letter or digit",
        assertThrows(IllegalArgumentException.class, () -> AzfsLocation.parse("azfs://acct/My_Lake/x")).getMessage());
    assertEquals("'azfs://acct' is not an azfs:// location; expected azfs://ACCOUNT/CONTAINER[/PREFIX]",
        assertThrows(IllegalArgumentException.class, () -> AzfsLocation.parse("azfs://acct")).getMessage());
  }
}
