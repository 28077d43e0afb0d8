import Proto
import Testing

@Suite("Coding: round trips through protobuf-c")
struct CodingRoundTripTests {
    private func roundTrip<Message: ProtoMessage>(_ message: Message) throws -> Message {
        try Message(protobufBytes: message.protobufBytes())
    }

    @Test("every field kind survives encode and decode")
    func everyFieldKind() throws {
        let request = CodingFixtures.fullEchoRequest
        let decoded = try roundTrip(request)
        #expect(decoded == request)
        #expect(decoded.payload == [0, 1, 2, 0xFF, 0])
        #expect(decoded.metadata["ключ"] == "значение")
        #expect(decoded.numbers?.doubleValue == .infinity)
        #expect(decoded.buckets[UInt32.max]?.values == ["y", "z"])
        #expect(decoded.priorities.map(\.rawValue) == [1, 0, 2, 42, -7])
    }

    @Test("a message with every field at its default encodes to no bytes and decodes to defaults")
    func defaultsAreEmpty() throws {
        #expect(try EchoRequest().protobufBytes() == [])
        #expect(try EchoRequest(protobufBytes: []) == EchoRequest())
        #expect(try HealthCheckResponse(protobufBytes: []).status == .unknown)
        let decoded = try EchoRequest(protobufBytes: [])
        #expect(decoded.origin == nil && decoded.note == nil && decoded.limit == nil && decoded.verbose == nil)
    }

    @Test("a wrapper keeps presence: a zero value is not the same as absent")
    func wrappersKeepPresence() throws {
        let zeroes = EchoRequest(note: "", limit: 0, verbose: false)
        let decoded = try roundTrip(zeroes)
        #expect(decoded.note == "")
        #expect(decoded.limit == 0)
        #expect(decoded.verbose == false)
        #expect(try zeroes.protobufBytes() != [])
    }

    @Test("an empty nested message is present after decoding")
    func emptyNestedMessageIsPresent() throws {
        let decoded = try roundTrip(EchoRequest(origin: EchoRequest.Origin(), numbers: EchoRequest.Numbers()))
        #expect(decoded.origin == EchoRequest.Origin())
        #expect(decoded.numbers == EchoRequest.Numbers())
    }

    @Test("unicode strings of every width, and strings that are only whitespace, survive")
    func unicodeStrings() throws {
        let texts = ["", " ", "ascii", "ünïcödé", "日本語のテキスト", "🏳️‍🌈👩‍👩‍👧‍👦", "\u{10FFFF}", "e\u{301}", "tab\tnew\nline"]
        for text in texts {
            let decoded = try roundTrip(EchoRequest(text: text, tags: [text]))
            #expect(Array(decoded.text.utf8) == Array(text.utf8))
            #expect(decoded.tags.map { Array($0.utf8) } == [Array(text.utf8)])
        }
    }

    @Test("large repeated fields and payloads round trip")
    func largeRepeatedFields() throws {
        let count = 50_000
        let request = EchoRequest(
            payload: (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) },
            tags: (0..<count).map { "tag-\($0)" },
            metadata: Dictionary(uniqueKeysWithValues: (0..<5_000).map { ("key-\($0)", "value-\($0)") }),
            priorities: (0..<count).map { EchoPriority(rawValue: Int32($0 % 5)) },
            hops: (0..<5_000).map { EchoRequest.Hop(service: "s\($0)", unixNanos: Int64($0)) },
            numbers: EchoRequest.Numbers(int32Values: (0..<count).map { Int32($0) - 25_000 }, boolValues: (0..<count).map { $0 % 3 == 0 }))
        let decoded = try roundTrip(request)
        #expect(decoded == request)
        #expect(decoded.tags.count == count)
        #expect(decoded.hops.last?.service == "s4999")
    }

    @Test("map encoding is deterministic: equal maps give equal bytes")
    func mapEncodingIsDeterministic() throws {
        var forward: [String: String] = [:]
        var backward: [String: String] = [:]
        for index in 0..<200 { forward["k\(index)"] = "v\(index)" }
        for index in (0..<200).reversed() { backward["k\(index)"] = "v\(index)" }
        #expect(try EchoRequest(metadata: forward).protobufBytes() == EchoRequest(metadata: backward).protobufBytes())
    }

    @Test("a key repeated on the wire keeps its last value, as protobuf specifies")
    func repeatedMapKeyKeepsLastValue() throws {
        let entry = { (key: String, value: String) in
            CodingFixtures.Wire().bytesField(1, Array(key.utf8)).bytesField(2, Array(value.utf8)).bytes
        }
        let bytes = CodingFixtures.Wire()
            .bytesField(4, entry("k", "first"))
            .bytesField(4, entry("k", "second"))
            .bytes
        #expect(try EchoRequest(protobufBytes: bytes).metadata == ["k": "second"])
    }

    @Test("enum numbers the contract does not know are kept and re-encoded")
    func unknownEnumNumbersRoundTrip() throws {
        let bytes = CodingFixtures.Wire().varintField(1, 9).bytes
        let decoded = try HealthCheckResponse(protobufBytes: bytes)
        #expect(decoded.status == .unrecognized(9))
        #expect(try decoded.protobufBytes() == bytes)
        #expect(ServingStatus.unrecognized(1) == .serving)
        #expect(ServingStatus(rawValue: 2) == .notServing)
    }

    @Test("NaN, infinities and negative zero keep their bit patterns")
    func specialFloatingPointValues() throws {
        let doubles: [Double] = [.nan, Double(nan: 0x1234, signaling: false), -.infinity, -0.0, .leastNonzeroMagnitude]
        let numbers = EchoRequest.Numbers(floatValue: Float(nan: 7, signaling: false), doubleValue: .nan, doubleValues: doubles)
        let decoded = try roundTrip(numbers)
        #expect(decoded.doubleValues.map(\.bitPattern) == doubles.map(\.bitPattern))
        #expect(decoded.floatValue.bitPattern == numbers.floatValue.bitPattern)
        #expect(decoded.doubleValue.isNaN)
        #expect(try decoded.protobufBytes() == numbers.protobufBytes())
    }

    @Test("bytes fields carry NUL bytes (only strings cannot)")
    func bytesCarryNUL() throws {
        let decoded = try roundTrip(EchoRequest(payload: [0, 0, 0]))
        #expect(decoded.payload == [0, 0, 0])
    }

    @Test("messages shared by services round trip")
    func commonMessages() throws {
        let principal = Principal(user: "bob@example.com", groups: ["a", "b"])
        #expect(try roundTrip(principal) == principal)
        #expect(try roundTrip(PageRequest(cursor: "c1", limit: 50)) == PageRequest(cursor: "c1", limit: 50))
        #expect(try roundTrip(PageInfo(nextCursor: "n", totalCount: UInt64.max)).totalCount == UInt64.max)
        #expect(try roundTrip(EchoResponse(echo: CodingFixtures.fullEchoRequest, server: "s1")).echo == CodingFixtures.fullEchoRequest)
    }
}
