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
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin portico
COPY --from=swift:6.3-bookworm-slim /usr/lib/swift/linux/*.so* /usr/lib/swift/linux/
ENV LD_LIBRARY_PATH=/usr/lib/swift/linux
# The web assets (the Gateway's resource bundle) sit beside the binary, where SwiftPM looks.
COPY --from=build /out/ /usr/local/bin/
USER portico
EXPOSE 8080 7101 7102 7103 7104
# The gateway answers /healthcheck; the RPC services are probed by the orchestrator over RPC
# (compose and Kubernetes override this per service).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthcheck || exit 1
ENTRYPOINT ["portico-server"]
CMD ["all", "--config", "/etc/portico/config.yaml"]
