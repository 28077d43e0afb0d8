import Foundation
import Logging
import PorticoTelemetry
import Synchronization
import Testing

/// JSON log lines: valid JSON, one object per line, whatever the message holds.
@Suite struct JSONLinesLogHandlerTests {
    final class Lines: Sendable {
        let stored = Mutex<[String]>([])
        func append(_ line: String) { stored.withLock { $0.append(line) } }
        var all: [String] { stored.withLock { $0 } }
    }

    func logger(into lines: Lines) -> Logger {
        var logger = Logger(label: "test.json") { label in JSONLinesLogHandler(label: label, sink: lines.append) }
        logger.logLevel = .debug
        return logger
    }

    @Test func eachEventIsOneParsableJSONObjectWithItsFields() throws {
        let lines = Lines()
        logger(into: lines).info("credentials issued", metadata: ["user": "alice@example.com", "count": "3"])
        let line = try #require(lines.all.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "test.json")
        #expect(object["message"] as? String == "credentials issued")
        #expect(object["user"] as? String == "alice@example.com")
        #expect(object["ts"] is String)
    }

    @Test func hostileValuesCannotForgeASecondLine() throws {
        let lines = Lines()
        let forged = "ok\"}\n{\"level\":\"critical\",\"message\":\"forged\u{0}\u{2028}"
        logger(into: lines).warning("\(forged)", metadata: ["path": "\(forged)"])
        #expect(lines.all.count == 1)
        let line = try #require(lines.all.first)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == forged)
        #expect(object["path"] as? String == forged)
    }

    @Test func nestedMetadataKeepsItsStructure() throws {
        let lines = Lines()
        logger(into: lines).debug("sweep", metadata: ["accounts": ["1", "2"], "job": ["kind": "iam"]])
        let line = try #require(lines.all.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["accounts"] as? [String] == ["1", "2"])
        #expect((object["job"] as? [String: String])?["kind"] == "iam")
    }
}
