internal import CProtocPlugin

/// One file for protoc to write, relative to the `--portico_out` directory.
struct GeneratedFile: Equatable {
    var name: String
    var content: String
}

/// Encodes protoc's `CodeGeneratorResponse` with protobuf-c: either the generated files or an
/// error for protoc to report.
enum CodeGeneratorResponseWriter {
    typealias CFile = Google__Protobuf__Compiler__CodeGeneratorResponse__File

    static func encode(files: [GeneratedFile], error: String?) -> [UInt8] {
        CAllocations.scoped { allocations in
            let filePointers = allocations.array(of: UnsafeMutablePointer<CFile>?.self, count: files.count)
            for (index, file) in files.enumerated() {
                let cFile = allocations.array(of: CFile.self, count: 1)
                google__protobuf__compiler__code_generator_response__file__init(cFile)
                cFile.pointee.name = allocations.string(file.name)
                cFile.pointee.content = allocations.string(file.content)
                filePointers[index] = cFile
            }
            var response = Google__Protobuf__Compiler__CodeGeneratorResponse()
            google__protobuf__compiler__code_generator_response__init(&response)
            if let error { response.error = allocations.string(error) }
            response.n_file = files.count
            response.file = filePointers
            let size = google__protobuf__compiler__code_generator_response__get_packed_size(&response)
            return [UInt8](unsafeUninitializedCapacity: size) { output, count in
                count = google__protobuf__compiler__code_generator_response__pack(&response, output.baseAddress)
            }
        }
    }
}

/// C memory for the response (strings, structs, pointer arrays), freed together afterwards.
private final class CAllocations {
    private var allocations: [UnsafeMutableRawPointer] = []

    deinit {
        for allocation in allocations { allocation.deallocate() }
    }

    static func scoped<Result>(_ body: (CAllocations) -> Result) -> Result {
        let allocations = CAllocations()
        return withExtendedLifetime(allocations) { body(allocations) }
    }

    /// Zeroed memory for `count` values of a C type.
    func array<Element>(of _: Element.Type, count: Int) -> UnsafeMutablePointer<Element> {
        let byteCount = MemoryLayout<Element>.stride * Swift.max(count, 1)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: MemoryLayout<Element>.alignment)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        allocations.append(raw)
        return raw.bindMemory(to: Element.self, capacity: Swift.max(count, 1))
    }

    func string(_ string: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = Array(string.utf8)
        let copy = array(of: CChar.self, count: utf8.count + 1)
        UnsafeMutableRawBufferPointer(start: copy, count: utf8.count).copyBytes(from: utf8)
        return copy
    }
}
