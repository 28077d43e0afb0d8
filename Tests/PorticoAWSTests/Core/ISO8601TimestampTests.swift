import Foundation
import Testing

@testable import PorticoAWS

@Suite struct ISO8601TimestampTests {
    @Test func parsesTheFormsAWSWrites() throws {
        let reference = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
        #expect(ISO8601Timestamp.parse("2015-08-30T12:36:00Z") == reference)
        #expect(ISO8601Timestamp.parse("2015-08-30T12:36:00.000Z") == reference)
        #expect(ISO8601Timestamp.parse("2015-08-30T14:36:00+02:00") == reference)
        #expect(ISO8601Timestamp.parse("2015-08-30T12:36:00") == reference)
        let fractional = try #require(ISO8601Timestamp.parse("2015-08-30T12:36:00.250Z"))
        #expect(abs(fractional.timeIntervalSince(reference) - 0.25) < 1e-6)
    }

    @Test func rejectsTextThatIsNotATimestamp() {
        for text in ["", "2015-08-30", "2015-13-01T00:00:00Z", "2015-08-30T25:00:00Z", "2015-08-30T12:36:00Zjunk",
                     "2015-08-30T12:36:00.Z", "yesterday"] {
            #expect(ISO8601Timestamp.parse(text) == nil, "\(text)")
        }
    }

    @Test func formatsUTCAndTheCompactSigningForm() {
        let date = Date(timeIntervalSince1970: 951_782_400)  // 2000-02-29T00:00:00Z, a leap day
        #expect(ISO8601Timestamp.format(date) == "2000-02-29T00:00:00Z")
        #expect(ISO8601Timestamp.amzDate(date) == "20000229T000000Z")
        #expect(ISO8601Timestamp.amzDate(Date(timeIntervalSince1970: -1)) == "19691231T235959Z")
    }

    @Test func formatAndParseRoundTripAcrossYears() {
        for seconds in stride(from: 0.0, to: 4_000_000_000, by: 86_399 * 97) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ISO8601Timestamp.parse(ISO8601Timestamp.format(date)) == date)
        }
    }
}
