@testable import PorticoHTTP
import Testing

/// Timeouts become the whole milliseconds libcurl takes, never 0 ("no timeout").
@Suite struct DurationConversionTests {
    @Test(arguments: [
        (Duration.seconds(5), 5000), (.milliseconds(250), 250), (.microseconds(10), 1), (.zero, 1),
        (.seconds(-3), 1), (.seconds(Int64.max / 2), Int(Int32.max)),
    ])
    func durationsBecomePositiveMilliseconds(duration: Duration, expected: Int) {
        #expect(duration.curlMilliseconds == expected)
    }
}
