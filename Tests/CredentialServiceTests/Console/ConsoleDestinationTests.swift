@testable import CredentialService
import Testing

/// Where a console sign-in lands.
@Suite struct ConsoleDestinationTests {
    let console = "https://{region}.console.aws.amazon.com"

    @Test func theDefaultIsTheConfiguredConsoleInTheRegion() throws {
        #expect(try ConsoleDestination.resolve(consoleURL: console, region: "ap-southeast-2", redirect: nil)
            == "https://ap-southeast-2.console.aws.amazon.com")
        #expect(try ConsoleDestination.resolve(consoleURL: console, region: "us-east-1", redirect: "")
            == "https://us-east-1.console.aws.amazon.com")
    }

    @Test(arguments: [
        "https://console.aws.amazon.com/iam/home", "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:",
        "https://CONSOLE.AWS.AMAZON.COM/", "https://console.amazonaws-us-gov.com/", "https://console.amazonaws.cn/s3",
        "https://console.aws.amazon.com:443/",
    ])
    func consoleRedirectsAreKeptAsGiven(redirect: String) throws {
        #expect(try ConsoleDestination.resolve(consoleURL: console, region: "us-east-1", redirect: redirect) == redirect)
    }

    @Test(arguments: [
        "https://evil.example.com/", "http://console.aws.amazon.com/", "https://console.aws.amazon.com.evil.com/",
        "https://evilconsole.aws.amazon.com/", "https://user:pw@console.aws.amazon.com/", "https://console.aws.amazon.com:8443/",
        "javascript:alert(1)", "//console.aws.amazon.com/", "https://console.aws.amazon.com\\@evil.com/",
        "https://console.aws.amazon.com/ x", "not a url", String(repeating: "a", count: 5000),
        // Hosts that only decode to a console host, or hold what no host name holds.
        "https://evil.example.com%2F.console.aws.amazon.com/", "https://evil%2Eexample.console.aws.amazon.com/",
        "https://%63onsole.aws.amazon.com/", "https://evil_host.console.aws.amazon.com/",
    ])
    func otherRedirectsAreRefused(redirect: String) {
        #expect {
            _ = try ConsoleDestination.resolve(consoleURL: console, region: "us-east-1", redirect: redirect)
        } throws: { error in
            guard case .invalidRedirect = error as? CredentialBrokerError else { return false }
            return true
        }
    }

    @Test(arguments: ["", "US-EAST-1", "us-east-1/../x", "1us", "us_east_1", String(repeating: "a", count: 40)])
    func aRegionThatIsNotARegionNameIsRefused(region: String) {
        #expect(throws: CredentialBrokerError.self) {
            _ = try ConsoleDestination.resolve(consoleURL: console, region: region, redirect: nil)
        }
    }
}
