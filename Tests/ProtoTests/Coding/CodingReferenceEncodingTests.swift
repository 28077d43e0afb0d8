import Foundation
import Proto
import Testing

/// Checks the bridge against Google's own implementation: protoc encodes and decodes the text
/// format with the C++ runtime, so bytes from either side must mean the same to the other.
@Suite("Coding: agrees with protoc's reference encoding")
struct CodingReferenceEncodingTests {
    private let protoDirectory = CodingFixtures.repositoryRoot.appendingPathComponent("proto")

    private func protoc(_ mode: String, _ message: String, input: [UInt8]) async throws -> [UInt8] {
        let protoc = try #require(CodingFixtures.locate("protoc"), "protoc is not installed (scripts/install-deps)")
        let result = try await CodingFixtures.run(
            protoc, ["--proto_path=\(protoDirectory.path)", "--\(mode)=portico.v1.\(message)", "health.proto"],
            input: input, directory: protoDirectory)
        #expect(result.status == 0, "protoc failed: \(result.errorOutput)")
        return result.output
    }

    @Test("bytes protoc encodes from the text format decode to the expected value")
    func decodesReferenceBytes() async throws {
        let text = """
            payload: "\\000\\001\\377"
            text: "héllo ✓"
            tags: ["a", "", "β"]
            metadata { key: "k" value: "v" }
            sequence: -5
            repeat_count: 4294967295
            uppercase: true
            weight: 2.5
            priority: ECHO_PRIORITY_HIGH
            priorities: [ECHO_PRIORITY_LOW, ECHO_PRIORITY_HIGH]
            origin { host: "h" port: 9 }
            hops { service: "s" unix_nanos: 7 labels { key: "z" value: "a" } }
            numbers { sint32_value: -2 fixed64_value: 18446744073709551615 sfixed32_value: -3 float_value: 0.5
                      int32_values: [-1, 1] bool_values: [true, false] bytes_values: ["x", ""] }
            caller { user: "alice" groups: ["g1", "g2"] }
            note { value: "" }
            limit { value: 0 }
            buckets { key: 3 value { values: ["q"] } }
            """
        let bytes = try await protoc("encode", "EchoRequest", input: Array(text.utf8))
        let decoded = try EchoRequest(protobufBytes: bytes)
        let expected = EchoRequest(
            payload: [0, 1, 255], text: "héllo ✓", tags: ["a", "", "β"], metadata: ["k": "v"], sequence: -5,
            repeatCount: UInt32.max, uppercase: true, weight: 2.5, priority: .high, priorities: [.low, .high],
            origin: EchoRequest.Origin(host: "h", port: 9),
            hops: [EchoRequest.Hop(service: "s", unixNanos: 7, labels: ["z": "a"])],
            numbers: EchoRequest.Numbers(
                sint32Value: -2, fixed64Value: UInt64.max, sfixed32Value: -3, floatValue: 0.5, int32Values: [-1, 1],
                boolValues: [true, false], bytesValues: [Array("x".utf8), []]),
            caller: Principal(user: "alice", groups: ["g1", "g2"]),
            note: "", limit: 0, verbose: nil, buckets: [3: StringList(values: ["q"])])
        #expect(decoded == expected)
    }

    @Test("bytes the bridge encodes read back through protoc to the same bytes")
    func referenceReadsOurBytes() async throws {
        let ours = try CodingFixtures.fullEchoRequest.protobufBytes()
        let text = try await protoc("decode", "EchoRequest", input: ours)
        let again = try await protoc("encode", "EchoRequest", input: text)
        #expect(try EchoRequest(protobufBytes: again) == CodingFixtures.fullEchoRequest)
    }
}
