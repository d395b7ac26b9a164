/**
 * AWS for beamlake: lakes on S3 ({@code s3://bucket/prefix}, Beam's S3 filesystem, the default AWS
 * credential chain), {@code lake init} for them ({@link org.beamlake.aws.S3LakeStore}), and
 * path-style access for S3-compatible stores ({@link org.beamlake.aws.PathStyleS3ClientBuilderFactory}).
 */
package org.beamlake.aws;
