import PorticoCore
import Testing

@testable import PorticoAWS

@Suite struct DynamoValueTests {
    @Test func everyTypeRoundTripsThroughTheWireForm() throws {
        let item: DynamoItem = [
            "id": "req-1",
            "version": 3,
            "approved": false,
            "blob": .binary([0, 1, 255]),
            "nothing": .null,
            "history": .list(["created", .int(2)]),
            "meta": .map(["by": "alice@example.com"]),
            "tags": .stringSet(["a", "b"]),
            "sizes": .numberSet(["1", "2.5"]),
            "keys": .binarySet([[1], [2, 3]]),
        ]
        let wire = item.json
        #expect(try DynamoItem(json: wire) == item)
        #expect(try DynamoItem(json: JSONValue.parseAnswer(wire.encoded())) == item)
        #expect(wire["version"] == ["N": "3"])
        #expect(wire["blob"] == ["B": "AAH/"])
    }

    @Test func numbersStayDecimalText() throws {
        let value = try DynamoValue(json: ["N": "12345678901234567890.5"])
        #expect(value == .number("12345678901234567890.5"))
        #expect(DynamoValue.int(7).intValue == 7)
    }

    @Test func malformedAttributeValuesAreTypedErrors() {
        let bad: [JSONValue] = [["S": 1], ["X": "y"], ["S": "a", "N": "1"], "plain", ["B": "not base64!"], ["SS": [1]]]
        for json in bad {
            #expect(throws: AWSClientError.self, "\(json)") { try DynamoValue(json: json) }
        }
    }
}
