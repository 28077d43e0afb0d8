// protoc-c output for proto/*.proto is generated into this target by scripts/generate-proto.
#pragma once
#include <protobuf-c/protobuf-c.h>
