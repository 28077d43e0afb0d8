# Portico: `make run` starts the whole stack locally; `make test` runs every test.
# Both install what is missing first (scripts/install-deps).

SWIFT ?= swift
SWIFT_BUILD_FLAGS ?=

.PHONY: all deps build run test faults browser-test generate check-generated fuzz bench clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)

## Builds and starts redis-server, moto (with demo accounts) and every Portico service; prints the URL.
run: deps
	$(SWIFT) build $(SWIFT_BUILD_FLAGS) --product portico-server
	@scripts/run-dev

## Every test against real redis-server and moto_server on free loopback ports.
## Five passes on a 2-core machine. All the tests at once load the CPU and the 2-thread
## cooperative pool so much that readiness waits and RPC deadlines run out. First the three
## suites whose timing is most sensitive to that (they fail only in a loaded full run; a
## follow-up is to make them independent of load), then the end-to-end targets that start whole
## topologies (portico-server all, the AWS CLI, boto3), then the server process tests (multi-process
## topologies of portico-server <service>: their own pass), then the other targets that start
## servers, then everything else (--skip, so a new target is never left out); then the browser.
LOAD_SENSITIVE_TESTS = (ServerConnectionHygieneTests|ClientBalancingTests|CancelledCallAudit)
END_TO_END_TESTS = ^(PorticoCLITests|RequestServiceTests)\.
TOPOLOGY_TESTS = ^PorticoServerTests\.
FAULT_TESTS = ^FaultSuiteTests\.
SERVER_HEAVY_TESTS = ^(FaultSuiteTests|ProtoTests|PorticoCLITests|CredentialServiceTests|GatewayTests|CacheServiceTests|PorticoServerTests|AuthServiceTests|PorticoRedisTests|PorticoServiceTests|RequestServiceTests)\.
test: deps check-generated
	$(SWIFT) build --build-tests $(SWIFT_BUILD_FLAGS)
	$(SWIFT) test --skip-build $(SWIFT_BUILD_FLAGS) --filter '$(LOAD_SENSITIVE_TESTS)'
	$(SWIFT) test --skip-build $(SWIFT_BUILD_FLAGS) --filter '$(END_TO_END_TESTS)'
	$(SWIFT) test --skip-build $(SWIFT_BUILD_FLAGS) --filter '$(TOPOLOGY_TESTS)'
	$(SWIFT) test --skip-build $(SWIFT_BUILD_FLAGS) --filter '$(SERVER_HEAVY_TESTS)' --skip '$(LOAD_SENSITIVE_TESTS)' --skip '$(END_TO_END_TESTS)' --skip '$(TOPOLOGY_TESTS)' --skip '$(FAULT_TESTS)'
	$(SWIFT) test --skip-build $(SWIFT_BUILD_FLAGS) --skip '$(SERVER_HEAVY_TESTS)' --skip '$(LOAD_SENSITIVE_TESTS)'
	@$(MAKE) --no-print-directory browser-test
	@$(MAKE) --no-print-directory validate-deploy

## The web UI in headless Chromium against `portico-server all`, moto and redis-server
## (Tests/Browser/README.md); screenshots of failures in .build/browser-tests/failures.
browser-test: deps
	$(SWIFT) build $(SWIFT_BUILD_FLAGS) --product portico-server
	python3 Tests/Browser/run.py

## Regenerates the protobuf-c C code and the Swift messages from proto/*.proto.
generate: deps
	@scripts/generate-proto

## Fails when the committed generated code is not what proto/*.proto produces.
check-generated: deps
	@if [ -x scripts/generate-proto ]; then scripts/generate-proto --check; fi
	@scripts/generate-iam-catalog --check

## Issue 18's fault suite: replicas killed, Redis restarted and AWS away under load; prints the fault table.
## Not part of `make test` (it loads both cores for minutes); .ci/run runs it as its own step.
faults: deps
	$(SWIFT) build --build-tests $(SWIFT_BUILD_FLAGS)
	$(SWIFT) test --skip-build $(SWIFT_BUILD_FLAGS) --filter '$(FAULT_TESTS)'

## Fuzzes the protobuf bridge (and later the frame decoder) for FUZZ_SECONDS (default 60) each.
FUZZ_SECONDS ?= 60
fuzz: deps
	@scripts/fuzz $(FUZZ_SECONDS)

clean:
	rm -rf .build

# compose.yaml (compose-spec schema), deploy/kubernetes (kubernetes-validate, kustomize builds) and
# the Dockerfile's apt packages and COPY sources, without a Docker engine or a cluster.
.PHONY: validate-deploy
validate-deploy:
	scripts/validate-deploy
