print("protoc-gen-portico: not yet implemented")
