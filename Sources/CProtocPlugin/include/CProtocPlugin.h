// protoc-c output for descriptor.proto and compiler/plugin.proto, used by protoc-gen-portico.
#pragma once
#include <protobuf-c/protobuf-c.h>
