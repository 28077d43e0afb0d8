// protoc-gen-portico: protoc's plugin for Portico. protoc runs it with a CodeGeneratorRequest on
// stdin (scripts/generate-proto passes --portico_out); it answers with the Swift message types,
// their protobuf-c bridge and the service method tables on stdout.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func readStandardInput() -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
        if count > 0 {
            bytes.append(contentsOf: chunk[0..<count])
        } else if count == 0 || errno != EINTR {
            return bytes
        }
    }
}

func writeStandardOutput(_ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        if written > 0 {
            offset += written
        } else if errno != EINTR {
            return false
        }
    }
    return true
}

let output: [UInt8]
do {
    let request = try CodeGeneratorRequestReader.read(readStandardInput())
    output = CodeGeneratorResponseWriter.encode(files: try SwiftGenerator(request).generate(), error: nil)
} catch let error as GeneratorError {
    output = CodeGeneratorResponseWriter.encode(files: [], error: error.message)
} catch {
    output = CodeGeneratorResponseWriter.encode(files: [], error: "protoc-gen-portico: \(error)")
}
exit(writeStandardOutput(output) ? 0 : 1)
