import Foundation
import PorticoAPI
import PorticoStackSupport
import PorticoTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 14's dynamic-config acceptance, through real processes: a `group_mapping` edit posted to
/// `POST /api/v2/dynamic_config` lets a person of the newly mapped group get credentials for the
/// role within 2 s, through `portico-server all` and through a second gateway and credential
/// service (`portico-server gateway` and `portico-server credentials` beside it, on the same
/// Redis, cache and moto) — no sweep in between: the cache's `DynamicConfigWatcher` puts the
/// stored mapping in force.
@Suite struct DynamicGroupMappingEndToEndTests {
    static let editors = "config-editors"
    static let carol = "carol@example.com"
    static let dave = "dave@example.com"
    static let oncall = "oncall"

    @Test func aGroupMappingEditLetsTheGroupGetCredentialsWithinTwoSecondsThroughEveryGateway() async throws {
        let options = RunningPortico.Options(
            devUsers: [
                .init(email: E2EEstate.alice, groups: ["groupA"]), .init(email: Self.carol, groups: [Self.editors]),
                .init(email: Self.dave, groups: [Self.oncall]),
            ],
            configOverrides: ["groups": "{can_edit_config: [\(Self.editors)]}"])
        let portico = try await RunningPortico.start(options)
        var second: [ManagedProcess] = []
        do {
            let (gatewayPort, processes) = try await Self.startSecondGatewayAndCredentials(beside: portico)
            second = processes
            try await Self.check(portico, secondGateway: "http://127.0.0.1:\(gatewayPort)")
        } catch {
            Issue.record("\(error); second processes: \(second.map { $0.tail(lines: 15) })")
        }
        for process in second { await process.stopped(signal: SIGTERM) }
        await portico.stop()
    }

    static func check(_ portico: RunningPortico, secondGateway: String) async throws {
        let gateway = GatewayCaller(portico: portico)
        let dave = try await gateway.signInCLI(Self.dave)
        let alice = try await gateway.signInCLI(E2EEstate.alice)
        let role = E2EEstate.webAdmin.arn
        let gateways = [portico.gatewayURL, secondGateway]
        func credentials(_ who: GatewayCaller.Credential, at base: String) async throws -> Int {
            try await gateway.call(base + APIPaths.getCredentials, method: "POST", as: who, json: CredentialRequest(requestedRole: role)).status
        }
        // The second gateway and credential service answer (alice is named in the role's tag).
        try await awaitCondition("the second gateway and credential service broker credentials", timeout: 60, every: 0.2) {
            try await credentials(alice, at: secondGateway) == 200
        }
        for base in gateways {
            #expect(try await credentials(dave, at: base) == 403, "dave got web-admin before the mapping (\(base))")
        }

        let editor = try await gateway.signInBrowser(Self.carol)
        let loaded = try GatewayCaller.decoded(DynamicConfigAnswer.self, try await gateway.call("/api/v2/dynamic_config", as: editor))
        let text = loaded.dynamicConfig + "\ngroup_mapping:\n  \(Self.oncall):\n    roles: [\(role)]\n"
        let posted = try await gateway.call(
            "/api/v2/dynamic_config", method: "POST", as: editor,
            json: DynamicConfigEdit(existingSHA256: loaded.sha256, newConfig: text))
        #expect(posted.status == 200, "\(posted.bodyText)")
        let stored = ContinuousClock.now

        for base in gateways {
            try await awaitCondition("dave gets web-admin through \(base)", timeout: 30, every: 0.05) {
                try await credentials(dave, at: base) == 200
            }
            let elapsed = ContinuousClock.now - stored
            print("dynamic group_mapping in force at \(base) \(elapsed) after the POST answered")
            #expect(elapsed < .seconds(2), "the mapping took \(elapsed) to count at \(base)")
        }
        // The role page names who may get credentials, the stored mapping's group among them.
        let admin = try await gateway.signInBrowser(Self.carol)
        let page = try await gateway.call("/api/v2/roles/\(E2EEstate.alpha)/web-admin", as: admin)
        #expect(page.status == 200, "\(page.bodyText)")
        #expect(page.bodyText.contains(Self.oncall), "the role page does not list the mapped group: \(page.bodyText)")
    }

    /// `portico-server gateway` and `portico-server credentials` on ports of their own, the
    /// second gateway calling the second credential service; auth, cache and requests are the
    /// first run's. Returns the second gateway's port once it answers `/healthcheck`.
    static func startSecondGatewayAndCredentials(beside portico: RunningPortico) async throws -> (Int, [ManagedProcess]) {
        let gatewayPort = try FreePort.next()
        var credentialsPort = try FreePort.next()
        while credentialsPort == gatewayPort { credentialsPort = try FreePort.next() }
        var text = try String(contentsOfFile: portico.configPath, encoding: .utf8)
        for (old, new) in [
            ("gateway: 127.0.0.1:\(portico.ports.gateway),", "gateway: 127.0.0.1:\(gatewayPort),"),
            ("credentials: 127.0.0.1:\(portico.ports.credentials),", "credentials: 127.0.0.1:\(credentialsPort),"),
        ] {
            #expect(text.contains(old), "the run's configuration has no \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let path = portico.configPath + ".second.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var processes: [ManagedProcess] = []
        for service in ["credentials", "gateway"] {
            let process = try ManagedProcess(
                executable: try BuiltProduct.path("portico-server"), arguments: [service, "--config", path],
                environment: portico.environment, name: "second-\(service)")
            try process.start()
            processes.append(process)
        }
        do {
            try await awaitCondition("the second gateway's /healthcheck", timeout: 60, every: 0.1) {
                for process in processes where !process.isRunning {
                    throw TestServerError.notReady("a second process exited: \(process.tail())", seconds: 0)
                }
                return await SimpleHTTP.get(port: gatewayPort, path: "/healthcheck")?.status == 200
            }
        } catch {
            for process in processes { await process.stopped(signal: SIGTERM) }
            throw error
        }
        return (gatewayPort, processes)
    }
}
