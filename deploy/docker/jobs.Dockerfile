# syntax=docker/dockerfile:1
# Eddy's Flink jobs (join, learn, retrain, experiments) on the official Flink image: the cluster jar (Flink itself
# provided by the image), the DJL jars loaded parent-first, and the cluster's Flink config, as `eddy cluster` runs them. Used by
# the JobManager and TaskManagers of deploy/docker/docker-compose.yml and by the FlinkDeployments in deploy/k8s.
#
# Build from the REPOSITORY ROOT (the context must hold the sources):
#   docker build -f deploy/docker/jobs.Dockerfile -t eddy-jobs:dev .
#
# Nothing secret is in this image: Eddy's config is mounted (/opt/eddy), credentials come from the environment at
# run time (Kubernetes Secrets, compose secrets).

# Must match flink.version in pom.xml (2.2.1). flink:2.2.1-java17 is the Docker Hub alias of
# flink:2.2.1-scala_2.12-java17; pin a digest with --build-arg FLINK_IMAGE=flink@sha256:...
ARG FLINK_IMAGE=flink:2.2.1-java17

# ---------------------------------------------------------------- build: the cluster jar (mvn -Pcluster)
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -Pcluster -pl tools -am package -DskipTests
# The shaded jar (classifier 'cluster') under a stable name, and what Flink's parent classpath needs beyond the
# image's own lib/ (which already holds Flink's RocksDB, org.rocksdb., in flink-dist): DJL and what DJL's classes
# reference (gson, jna), because classloader.parent-first-patterns.additional names ai.djl. (PyTorch's native
# library loads once per JVM). Exactly what `eddy cluster` (docs/cluster.md) runs its TaskManagers with. Never put
# Eddy's own jars, kafka-clients or the Flink Kafka connector into Flink's lib/: the connector (org.apache.flink.,
# parent-first) would meet the jar's kafka-clients (child-first) as two classes of one name (LinkageError: loader
# constraint violation); the jobs jar brings all three.
RUN mkdir -p /out/lib \
 && cp tools/target/eddy-tools-*-cluster.jar /out/eddy-cluster.jar \
 && cp tools/target/lib/api-*.jar tools/target/lib/pytorch-engine-*.jar tools/target/lib/pytorch-jni-*.jar \
       tools/target/lib/pytorch-native-cpu-*.jar tools/target/lib/gson-*.jar tools/target/lib/jna-*.jar /out/lib/

# ---------------------------------------------------------------- runtime
FROM ${FLINK_IMAGE}
COPY --from=build --chown=flink:flink /out/eddy-cluster.jar /opt/flink/usrlib/eddy-cluster.jar
COPY --from=build --chown=flink:flink /out/lib/ /opt/flink/lib/
# Flink 2.x reads conf/config.yaml; the image's entrypoint edits it at start (jobmanager.rpc.address,
# FLINK_PROPERTIES) and copies ENABLE_BUILT_IN_PLUGINS into plugins/, so both stay writable by the flink user. On
# Kubernetes the operator writes its own config from the FlinkDeployment instead.
COPY --chown=flink:flink deploy/flink/config.yaml /opt/flink/conf/config.yaml
# /flink-data: checkpoints and savepoints when they live on a shared volume (compose); a named volume mounted here
# takes this folder's owner. DJL unpacks libtorch from its jar into DJL_CACHE_DIR and never downloads.
RUN mkdir -p /flink-data /opt/flink/djl-cache \
 && chown -R flink:flink /flink-data /opt/flink/djl-cache /opt/flink/conf /opt/flink/plugins /opt/flink/log
ENV DJL_CACHE_DIR=/opt/flink/djl-cache
# The flink user (uid 9999) of the base image; its entrypoint runs unprivileged as well.
USER flink
