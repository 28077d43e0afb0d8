import PorticoCore
import Testing

/// Addresses and CIDR blocks for client IPs and IP restrictions, IPv4 and IPv6.
@Suite struct IPAddressTests {
    @Test(arguments: ["10.0.0.1", "2001:db8::1", "[2001:db8::1]", "::1"])
    func validAddressesParse(_ text: String) {
        #expect(IPAddress(text) != nil)
    }

    @Test(arguments: ["", "10.0.0", "10.0.0.256", "example.com", "10.0.0.1:443", "fe80::1%eth0", "1.2.3.4 ", "::g"])
    func invalidAddressesAreRefused(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func ipv6IsCanonicalisedAndMappedIPv4BecomesIPv4() throws {
        #expect(try #require(IPAddress("2001:0DB8:0000::0001")).description == "2001:db8::1")
        let mapped = try #require(IPAddress("::ffff:10.1.2.3"))
        #expect(mapped.family == .v4 && mapped.description == "10.1.2.3")
    }

    @Test func blocksContainExactlyTheirRange() throws {
        let v4 = try #require(CIDRBlock("10.1.0.0/16"))
        #expect(v4.contains(try #require(IPAddress("10.1.255.7"))))
        #expect(!v4.contains(try #require(IPAddress("10.2.0.1"))))
        #expect(!v4.contains(try #require(IPAddress("::1"))))
        let v6 = try #require(CIDRBlock("2001:db8::/33"))
        #expect(v6.contains(try #require(IPAddress("2001:db8:7fff::1"))))
        #expect(!v6.contains(try #require(IPAddress("2001:db8:8000::1"))))
        #expect(try #require(CIDRBlock("0.0.0.0/0")).contains(try #require(IPAddress("203.0.113.9"))))
    }

    @Test(arguments: ["10.0.0.0/33", "2001:db8::/129", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/", "10.0.0.0/+8"])
    func malformedBlocksAreRefused(_ text: String) {
        #expect(CIDRBlock(text) == nil)
    }

    @Test func aBareAddressIsASingleAddressBlock() throws {
        #expect(try #require(CIDRBlock("192.0.2.1")).description == "192.0.2.1/32")
        #expect(try #require(CIDRBlock("2001:db8::5")).description == "2001:db8::5/128")
    }
}
