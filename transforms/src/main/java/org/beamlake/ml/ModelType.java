package org.beamlake.ml;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The kinds of model beamlake fits, as named in the project file and in artifacts. */
public enum ModelType {
  @JsonProperty("linear_regression")
  LINEAR_REGRESSION("linear_regression"),
  @JsonProperty("logistic_regression")
  LOGISTIC_REGRESSION("logistic_regression"),
  @JsonProperty("kmeans")
  KMEANS("kmeans");

  private final String typeName;

  ModelType(String typeName) {
    this.typeName = typeName;
  }

  public String typeName() {
    return typeName;
  }

  public boolean isRegression() {
    return this != KMEANS;
  }
}
