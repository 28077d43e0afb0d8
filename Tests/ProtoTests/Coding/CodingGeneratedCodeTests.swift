import Foundation
import Testing

/// The committed generated code must be what `scripts/generate-proto` makes from proto/*.proto,
/// and protoc-gen-portico must refuse what it cannot bridge, with a clear message.
@Suite("Coding: generated code is current and the generator refuses what it cannot bridge")
struct CodingGeneratedCodeTests {
    private var plugin: String { CodingFixtures.plugin }

    @Test("scripts/generate-proto --check passes on the committed tree")
    func generatedCodeIsCurrent() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: plugin), "build protoc-gen-portico first")
        let result = try await CodingFixtures.run(
            CodingFixtures.repositoryRoot.appendingPathComponent("scripts/generate-proto").path, ["--check"],
            environment: ["PROTOC_GEN_PORTICO": plugin])
        #expect(result.status == 0, "\(result.errorOutput)")
    }

    /// Runs protoc with the plugin on one proto file; returns protoc's result and the names of
    /// the files it wrote, sorted, with their text.
    private func generate(_ proto: String) async throws -> (result: CodingFixtures.ToolResult, files: [String], text: [String: String]) {
        let protoc = try #require(CodingFixtures.locate("protoc"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portico-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(proto.utf8).write(to: directory.appendingPathComponent("input.proto"))
        let result = try await CodingFixtures.run(
            protoc, ["--proto_path=.", "--plugin=protoc-gen-portico=\(plugin)", "--portico_out=.", "input.proto"],
            directory: directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "input.proto" }
        var text: [String: String] = [:]
        for file in files { text[file] = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) }
        return (result, files.sorted(), text)
    }

    @Test(
        "unsupported proto features are refused with a message naming them",
        arguments: [
            ("message M { oneof o { string a = 1; int32 b = 2; } }", "M.a: oneof is not supported"),
            ("message M { optional string a = 1; }", "optional"),
            ("message M { M child = 1; }", "recursive messages are not supported"),
            ("message A { B b = 1; } message B { repeated A a = 1; }", "recursive messages are not supported"),
            ("message M { map<bool, string> m = 1; }", "map keys must be strings or integers"),
            ("message M {} service S { rpc R(stream M) returns (M); }", "streaming RPCs are not supported"),
            ("message M { string protobuf_bytes = 1; }", "reserved for generated code"),
            ("message Error { string a = 1; }", "would shadow a Swift type"),
        ])
    func refusesUnsupported(body: String, expected: String) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: plugin), "build protoc-gen-portico first")
        let (result, files, _) = try await generate("syntax = \"proto3\";\npackage t;\n" + body)
        #expect(result.status != 0)
        #expect(files.isEmpty)
        #expect(result.errorOutput.contains(expected), "protoc said: \(result.errorOutput)")
    }

    @Test("a supported file generates the types, the bridge and the catalog")
    func generatesFiles() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: plugin), "build protoc-gen-portico first")
        let (result, files, _) = try await generate("syntax = \"proto3\";\npackage t;\nmessage M { string a = 1; }")
        #expect(result.status == 0, "protoc said: \(result.errorOutput)")
        #expect(files == ["ProtoCatalog.swift", "input.bridge.swift", "input.pb.swift"])
    }

    @Test("a file with a service also generates its typed client, one method per rpc")
    func generatesClients() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: plugin), "build protoc-gen-portico first")
        let proto = """
            syntax = "proto3";
            package t;
            message M { string a = 1; }
            service Things { rpc GetThing(M) returns (M); rpc ARNLookup(M) returns (M); }
            """
        let (result, files, text) = try await generate(proto)
        #expect(result.status == 0, "protoc said: \(result.errorOutput)")
        #expect(files == ["ProtoCatalog.swift", "input.bridge.swift", "input.client.swift", "input.pb.swift"])
        let client = try #require(text["input.client.swift"])
        #expect(client.contains("public struct ThingsClient: Sendable"))
        #expect(client.contains("public init(rpc: RPCClient)"))
        #expect(client.contains(
            "public func getThing(_ request: M, options: CallOptions = .defaults) async throws -> M {\n"
                + "        try await rpc.call(ThingsMethods.getThing, request, options: options)"))
        #expect(client.contains("public func arnLookup(_ request: M, options: CallOptions = .defaults) async throws -> M"))
    }
}
