/**
 * Files on any Beam filesystem (local, {@code s3://}, {@code azfs://}), copied into the raw zone
 * byte for byte, with their size and SHA-256.
 */
package org.beamlake.capture.files;
