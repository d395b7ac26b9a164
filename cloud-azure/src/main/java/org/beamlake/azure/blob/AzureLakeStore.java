package org.beamlake.azure.blob;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.PublicAccessType;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.azure.options.BlobstoreClientBuilderFactory;
import org.apache.beam.sdk.io.azure.options.BlobstoreOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.InstanceBuilder;
import org.beamlake.lake.Lake;
import org.beamlake.spi.LakeStore;

/**
 * A lake on Azure Blob Storage, {@code azfs://account/container/prefix}. The client is built by
 * Beam's own {@link BlobstoreClientBuilderFactory} from the same options as Beam's filesystem, so
 * {@code lake init} authenticates exactly as the pipelines will: an account key or SAS token (given
 * as {@code ${env:NAME}}), a connection string, or else {@code DefaultAzureCredential}.
 *
 * <p>The container is created without public access; an existing container that allows public
 * access is refused rather than used. Blob Storage has no folders: each zone gets the zero-length
 * marker blob with {@code hdi_isfolder=true} that Azure's tools and Hadoop's drivers show as a
 * folder.
 */
public final class AzureLakeStore implements LakeStore {
  private static final Map<String, String> FOLDER = Map.of("hdi_isfolder", "true");

  @Override
  public List<String> schemes() {
    return List.of("azfs");
  }

  @Override
  public List<String> init(String lake, PipelineOptions options, boolean create) throws IOException {
    AzfsLocation location = AzfsLocation.parse(Lake.at(lake).base());
    BlobServiceClient service = client(location, options.as(BlobstoreOptions.class));
    BlobContainerClient container = service.getBlobContainerClient(location.container());
    String containerUri = "azfs://" + location.account() + "/" + location.container();
    List<String> done = new ArrayList<>();
    try {
      if (!container.exists()) {
        if (!create) {
          throw new IOException("container " + containerUri + " does not exist; pass --create to create it");
        }
        container.createWithResponse(null, null, null, null); // no public access
        done.add("created " + containerUri + " (private)");
      } else {
        PublicAccessType access = container.getAccessPolicy().getBlobAccessType();
        if (access != null) {
          throw new IOException("container " + containerUri + " allows public access (" + access + "); a lake must "
              + "be private: set its access level to Private, or use another container");
        }
      }
      for (String zone : Lake.ZONES) {
        BlockBlobClient marker = container.getBlobClient(location.blobName(zone)).getBlockBlobClient();
        boolean exists = marker.exists();
        if (!exists) {
          marker.uploadWithResponse(new ByteArrayInputStream(new byte[0]), 0, null, FOLDER, null, null, null, null,
              null);
        }
        done.add((exists ? "exists  " : "created ") + location.uri() + zone + "/");
      }
    } catch (BlobStorageException e) {
      throw new IOException(containerUri + ": " + e.getStatusCode() + " " + e.getErrorCode()
          + " (check the account, the endpoint and the credentials given after --)", e);
    }
    return done;
  }

  /** A client as Beam's filesystem makes one, pointed at the account's public endpoint when none is set. */
  static BlobServiceClient client(AzfsLocation location, BlobstoreOptions options) {
    BlobstoreClientBuilderFactory factory = InstanceBuilder.ofType(BlobstoreClientBuilderFactory.class)
        .fromClass(options.getBlobstoreClientFactoryClass()).build();
    BlobServiceClientBuilder builder = factory.createBuilder(options);
    if (options.getBlobServiceEndpoint() == null || options.getBlobServiceEndpoint().isEmpty()) {
      if (options.getAzureConnectionString() == null || options.getAzureConnectionString().isEmpty()) {
        builder.endpoint(location.defaultEndpoint());
      }
    }
    return builder.buildClient();
  }
}
