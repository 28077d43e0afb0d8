internal import CProtocPlugin

/// Reads protoc's `CodeGeneratorRequest` with protobuf-c (the C code generated from
/// compiler/plugin.proto into CProtocPlugin) and copies what the generator needs into Swift.
enum CodeGeneratorRequestReader {
    static func read(_ bytes: [UInt8]) throws -> CodeGeneratorRequest {
        let unpacked = bytes.withUnsafeBufferPointer { buffer in
            withUnsafePointer(to: UInt8(0)) { empty in
                google__protobuf__compiler__code_generator_request__unpack(nil, buffer.count, buffer.baseAddress ?? empty)
            }
        }
        guard let unpacked else {
            throw GeneratorError("protoc-gen-portico: stdin is not a CodeGeneratorRequest (run it through protoc)")
        }
        defer { google__protobuf__compiler__code_generator_request__free_unpacked(unpacked, nil) }
        let request = unpacked.pointee
        return CodeGeneratorRequest(
            filesToGenerate: list(request.n_file_to_generate, request.file_to_generate) { string($0) },
            protoFiles: list(request.n_proto_file, request.proto_file) { file($0) })
    }

    private static func file(_ pointer: UnsafeMutablePointer<Google__Protobuf__FileDescriptorProto>?) -> ProtoFile {
        guard let file = pointer?.pointee else {
            return ProtoFile(name: "", package: "", syntax: "", dependencies: [], messages: [], enums: [], services: [], extensionCount: 0)
        }
        let comments = SourceComments(file.source_code_info)
        return ProtoFile(
            name: string(file.name),
            package: string(file.package),
            syntax: string(file.syntax),
            dependencies: list(file.n_dependency, file.dependency) { string($0) },
            messages: indexedList(file.n_message_type, file.message_type) { message($1, path: [4, $0], comments) },
            enums: indexedList(file.n_enum_type, file.enum_type) { enumeration($1, path: [5, $0], comments) },
            services: indexedList(file.n_service, file.service) { service($1, path: [6, $0], comments) },
            extensionCount: file.n_extension)
    }

    private static func message(
        _ pointer: UnsafeMutablePointer<Google__Protobuf__DescriptorProto>?, path: [Int32], _ comments: SourceComments
    ) -> MessageDescriptor {
        let message = pointer?.pointee ?? Google__Protobuf__DescriptorProto()
        return MessageDescriptor(
            name: string(message.name),
            fields: indexedList(message.n_field, message.field) { field($1, path: path + [2, $0], comments) },
            nestedMessages: indexedList(message.n_nested_type, message.nested_type) {
                self.message($1, path: path + [3, $0], comments)
            },
            nestedEnums: indexedList(message.n_enum_type, message.enum_type) {
                enumeration($1, path: path + [4, $0], comments)
            },
            oneofNames: list(message.n_oneof_decl, message.oneof_decl) { string($0?.pointee.name) },
            extensionCount: message.n_extension,
            isMapEntry: message.options.map { $0.pointee.has_map_entry != 0 && $0.pointee.map_entry != 0 } ?? false,
            comment: comments[path])
    }

    private static func field(
        _ pointer: UnsafeMutablePointer<Google__Protobuf__FieldDescriptorProto>?, path: [Int32],
        _ comments: SourceComments
    ) -> FieldDescriptor {
        let field = pointer?.pointee ?? Google__Protobuf__FieldDescriptorProto()
        return FieldDescriptor(
            name: string(field.name),
            number: field.number,
            label: FieldDescriptor.Label(rawValue: Int32(truncatingIfNeeded: field.label.rawValue)) ?? .optional,
            type: FieldDescriptor.FieldType(rawValue: Int32(truncatingIfNeeded: field.type.rawValue)) ?? .group,
            typeName: string(field.type_name),
            oneofIndex: field.has_oneof_index != 0 ? field.oneof_index : nil,
            isProto3Optional: field.has_proto3_optional != 0 && field.proto3_optional != 0,
            comment: comments[path])
    }

    private static func enumeration(
        _ pointer: UnsafeMutablePointer<Google__Protobuf__EnumDescriptorProto>?, path: [Int32],
        _ comments: SourceComments
    ) -> EnumDescriptor {
        let enumeration = pointer?.pointee ?? Google__Protobuf__EnumDescriptorProto()
        return EnumDescriptor(
            name: string(enumeration.name),
            values: indexedList(enumeration.n_value, enumeration.value) { index, value in
                EnumDescriptor.Value(
                    name: string(value?.pointee.name), number: value?.pointee.number ?? 0,
                    comment: comments[path + [2, index]])
            },
            comment: comments[path])
    }

    private static func service(
        _ pointer: UnsafeMutablePointer<Google__Protobuf__ServiceDescriptorProto>?, path: [Int32],
        _ comments: SourceComments
    ) -> ServiceDescriptor {
        let service = pointer?.pointee ?? Google__Protobuf__ServiceDescriptorProto()
        return ServiceDescriptor(
            name: string(service.name),
            methods: indexedList(service.n_method, service.method) { index, method in
                let method = method?.pointee ?? Google__Protobuf__MethodDescriptorProto()
                let level = method.options.map { options -> Int32 in
                    options.pointee.has_idempotency_level != 0
                        ? Int32(truncatingIfNeeded: options.pointee.idempotency_level.rawValue) : 0
                }
                return MethodDescriptor(
                    name: string(method.name),
                    inputType: string(method.input_type),
                    outputType: string(method.output_type),
                    isClientStreaming: method.client_streaming != 0,
                    isServerStreaming: method.server_streaming != 0,
                    idempotency: MethodDescriptor.Idempotency(rawValue: level ?? 0) ?? .unknown,
                    comment: comments[path + [2, index]])
            },
            comment: comments[path])
    }
}

/// Leading comments from a file's `SourceCodeInfo`, by descriptor path.
private struct SourceComments {
    private var byPath: [[Int32]: String] = [:]

    init(_ info: UnsafeMutablePointer<Google__Protobuf__SourceCodeInfo>?) {
        guard let info = info?.pointee else { return }
        for location in list(info.n_location, info.location, { $0?.pointee }) {
            guard let location, let comments = location.leading_comments else { continue }
            let path = list(location.n_path, location.path) { $0 }
            byPath[path] = Self.normalized(String(cString: comments))
        }
    }

    subscript(path: [Int32]) -> String { byPath[path] ?? "" }

    /// Drops the single space protoc keeps after `//` and the trailing blank lines.
    private static func normalized(_ comment: String) -> String {
        var lines = comment.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix(" ") ? String(line.dropFirst()) : String(line)
        }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}

private func string(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
}

private func list<CElement, Element>(
    _ count: Int, _ pointer: UnsafePointer<CElement>?, _ transform: (CElement) -> Element
) -> [Element] {
    guard count > 0, let pointer else { return [] }
    return UnsafeBufferPointer(start: pointer, count: count).map(transform)
}

private func indexedList<CElement, Element>(
    _ count: Int, _ pointer: UnsafePointer<CElement>?, _ transform: (Int32, CElement) -> Element
) -> [Element] {
    guard count > 0, let pointer else { return [] }
    return UnsafeBufferPointer(start: pointer, count: count).enumerated().map { transform(Int32($0.offset), $0.element) }
}
