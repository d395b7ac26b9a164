/**
 * Machine learning inside a pipeline: feature assembly (standard scaling, one-hot encoding), a
 * deterministic hash split, linear and logistic regression and k-means, fitted from sums combined
 * exactly (so every runner fits the same model to the bit), saved as JSON artifacts and scored by
 * {@link org.beamlake.ml.ScoreModel}.
 */
package org.beamlake.ml;
