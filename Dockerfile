# Portico: one image, every service (`portico-server <gateway|auth|credentials|cache|requests|all>`).
# Not built on the development machine (no Docker engine there); the build stage runs the same
# `swift build -c release --product …` commands `make` uses.

# --- build: the Swift toolchain and the C libraries' -dev packages --------------------------
FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libprotobuf-c-dev protobuf-c-compiler protobuf-compiler libprotoc-dev \
      libhiredis-dev libcurl4-openssl-dev libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift Package.resolved ./
RUN swift package resolve
COPY Sources Sources
COPY proto proto
COPY web web
RUN swift build -c release --product portico-server \
 && swift build -c release --product portico \
 && mkdir -p /out \
 && cp "$(swift build -c release --show-bin-path)/portico-server" "$(swift build -c release --show-bin-path)/portico" /out/ \
 && cp -R "$(swift build -c release --show-bin-path)"/*.resources /out/

# --- runtime: only the runtime libraries ------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libprotobuf-c1 libhiredis0.14 libcurl4 libssl3 ca-certificates tzdata curl \
      libjs-codemirror node-diff \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin portico
COPY --from=swift:6.3-bookworm-slim /usr/lib/swift/linux/*.so* /usr/lib/swift/linux/
ENV LD_LIBRARY_PATH=/usr/lib/swift/linux
# The web assets (the Gateway's resource bundle) sit beside the binary, where SwiftPM looks.
COPY --from=build /out/ /usr/local/bin/
USER portico
EXPOSE 8080 7101 7102 7103 7104
# The web UI's vendor files (Sources/Gateway/Routes/WebVendorFiles.swift) come from
# libjs-codemirror and node-diff; their licences stay at /usr/share/doc/<package>/copyright
# (the slim image's dpkg excludes keep copyright files) and are served beside them.
# Readiness of the default `all` process (the gateway's /readyz); compose and Kubernetes probe
# each service with `portico-server health <service>` instead.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["portico-server", "health", "gateway", "--config", "/etc/portico/config.yaml"]
ENTRYPOINT ["portico-server"]
CMD ["all", "--config", "/etc/portico/config.yaml"]
