# syntax=docker/dockerfile:1
# Eddy serving (`eddy serve`, main class dev.eddy.serving.ServeCommand) on a Java 17 JRE: serving's own jar and its
# runtime dependencies, no Flink, DJL or RocksDB (the build's enforcer rule 'lean' keeps them out of serving).
#
# Build from the REPOSITORY ROOT:
#   docker build -f deploy/docker/serving.Dockerfile -t eddy-serving:dev .
# Run: the config is mounted at /opt/eddy/eddy.properties (the jobs' keys in it are skipped), API keys come from
# a mounted secret file (serving.api-keys-file), never from this image.

# ---------------------------------------------------------------- build: serving's jar + lib/
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -pl serving -am package -DskipTests
# One jar is built (a second one would make this cp fail, not pick one silently).
RUN mkdir -p /out \
 && cp serving/target/eddy-serving-*.jar /out/eddy-serving.jar \
 && cp -r serving/target/lib /out/lib

# ---------------------------------------------------------------- runtime
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 eddy && useradd --system --uid 10001 --gid eddy --home-dir /opt/eddy-serving eddy
COPY --from=build --chown=root:root /out/ /opt/eddy-serving/
# The per-run log file goes here (serving.cli.LogFile); status lines, warnings and errors also go to stdout.
ENV EDDY_LOG_DIR=/tmp/eddy-logs
WORKDIR /opt/eddy-serving
USER 10001:10001
EXPOSE 8080
# Heap from the container's memory limit; override with JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseG1GC", "-cp", "/opt/eddy-serving/eddy-serving.jar:/opt/eddy-serving/lib/*", "dev.eddy.serving.ServeCommand"]
CMD ["--config", "/opt/eddy/eddy.properties"]
