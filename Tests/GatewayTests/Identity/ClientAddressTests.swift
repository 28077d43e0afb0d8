import Gateway
import PorticoConfig
import Testing

/// Client IP resolution believes only what trusted proxies wrote into X-Forwarded-For.
@Suite struct ClientAddressTests {
    @Test func withoutTrustedProxiesTheSocketPeerWinsAndTheHeaderIsIgnored() {
        let address = ClientAddress.resolve(socketPeer: "192.0.2.10", forwardedFor: ["203.0.113.5"], trustedProxyHops: 0)
        #expect(address?.description == "192.0.2.10")
    }

    @Test func oneTrustedHopTakesTheRightmostEntry() {
        let address = ClientAddress.resolve(socketPeer: "10.0.0.2", forwardedFor: ["203.0.113.5"], trustedProxyHops: 1)
        #expect(address?.description == "203.0.113.5")
    }

    @Test func aForgedLeftmostEntryIsNotBelieved() {
        let address = ClientAddress.resolve(
            socketPeer: "10.0.0.2", forwardedFor: ["1.1.1.1, 203.0.113.5"], trustedProxyHops: 1)
        #expect(address?.description == "203.0.113.5")
    }

    @Test func twoTrustedHopsCountAcrossRepeatedHeaders() {
        let address = ClientAddress.resolve(
            socketPeer: "10.0.0.3", forwardedFor: ["6.6.6.6, 2001:db8::7", "10.0.0.2"], trustedProxyHops: 2)
        #expect(address?.description == "2001:db8::7")
    }

    @Test func fewerEntriesThanTrustedHopsFallsBackToTheSocketPeer() {
        let address = ClientAddress.resolve(socketPeer: "192.0.2.10", forwardedFor: [], trustedProxyHops: 2)
        #expect(address?.description == "192.0.2.10")
    }

    @Test func garbageInTheTrustedPositionIsNoAddress() {
        #expect(ClientAddress.resolve(socketPeer: "10.0.0.2", forwardedFor: ["not-an-ip"], trustedProxyHops: 1) == nil)
    }
}
