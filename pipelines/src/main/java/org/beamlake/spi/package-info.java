/**
 * Where modules plug into beamlake without the core knowing them: lake stores ({@link
 * org.beamlake.spi.LakeStore}) and CLI commands ({@link org.beamlake.spi.CliCommand}), both found
 * with {@link java.util.ServiceLoader}. The cloud adapters ({@code cloud-aws}, {@code cloud-azure})
 * are built on these.
 */
package org.beamlake.spi;
