import Foundation
import PorticoAPI
import PorticoCrypto
import PorticoHTTP
import PorticoRedis
import PorticoTestSupport
import Testing

extension GatewayBackendTests {
    /// The dynamic configuration routes through the gateway, the request service's `Admin`
    /// methods and moto's DynamoDB: two edits from the same version at once store one and answer
    /// the other 409 with the hash in force; invalid YAML, unknown keys and wrong types are 400
    /// naming the key path and store nothing; history lists the versions; the audit event names
    /// key paths, never values; people without `can_edit_config` get 403.
    @Suite(.serialized) struct DynamicConfig {
        static let editors = "config-editors@example.com"

        static func withGateway(_ body: (GatewayOnStack, SignedInUser) async throws -> Void) async throws {
            try await GatewayOnStack.with(configure: { $0.groups.canEditConfig = [editors] }) { stack in
                let editor = try await stack.signIn("carol@example.com", groups: [Self.editors])
                try await body(stack, editor)
            }
        }

        static func current(_ stack: GatewayOnStack, _ user: SignedInUser) async throws -> DynamicConfigAnswer {
            let response = try await stack.gateway.request("/api/v2/dynamic_config", headers: [user.bearerHeader])
            #expect(response.status == 200, "\(response.bodyText)")
            return try response.decoded(DynamicConfigAnswer.self)
        }

        static func post(_ stack: GatewayOnStack, _ user: SignedInUser, sha: String, text: String) async throws -> HTTPClient.Response {
            let body = String(decoding: try APIJSON.encode(DynamicConfigEdit(existingSHA256: sha, newConfig: text)), as: UTF8.self)
            return try await stack.gateway.request(
                "POST", "/api/v2/dynamic_config", headers: [user.bearerHeader, user.csrfHeader, ("Content-Type", "application/json")],
                body: body)
        }

        static func auditEntries(_ stack: GatewayOnStack) async throws -> [[String: String]] {
            let redis = RedisClient(
                configuration: RedisConfiguration(host: stack.stack.redis.host, port: stack.stack.redis.port, db: 0, password: nil),
                logger: quietLogger)
            defer { Task { await redis.shutdown() } }
            let reply = try await redis.send(["XRANGE", RedisArgument(BackendStack.auditStream), "-", "+"])
            return (reply.array ?? []).compactMap { entry in
                guard let parts = entry.array, parts.count == 2, let flat = parts[1].array else { return nil }
                var fields: [String: String] = [:]
                for index in stride(from: 0, to: flat.count - 1, by: 2) {
                    if let name = flat[index].string, let value = flat[index + 1].string { fields[name] = value }
                }
                return fields
            }
        }

        @Test func ofTwoEditsFromTheSameVersionAtOnceOneIsStoredAndTheOther409() async throws {
            try await Self.withGateway { stack, editor in
                let start = try await Self.current(stack, editor)
                let base = """
                    # accounts, by id
                    account_ids_to_name: {"\(MotoHubAndSpokes.prod)": prod}
                    custom_headers_for_group_members: [{header: X-Secret, value: s3cr3t-\(UUID().uuidString)}]
                    """
                let first = try await Self.post(stack, editor, sha: start.sha256, text: base)
                #expect(first.status == 200, "\(first.bodyText)")
                let saved = try first.decoded(DynamicConfigSaved.self)
                #expect(saved.status == "success" && saved.newConfig == base)
                #expect(saved.newSHA256 == saved.newSHA56 && saved.newSHA256 != start.sha256)
                #expect(try await Self.current(stack, editor) == DynamicConfigAnswer(dynamicConfig: base, sha256: saved.newSHA256))

                let edits = [base + "\ndynamo_load_interval: 30\n", base + "\ngroups: {can_admin: [root@example.com]}\n"]
                let answers = try await withThrowingTaskGroup(of: (String, HTTPClient.Response).self) { group in
                    for text in edits {
                        group.addTask { (text, try await Self.post(stack, editor, sha: saved.newSHA256, text: text)) }
                    }
                    var all: [(String, HTTPClient.Response)] = []
                    for try await answer in group { all.append(answer) }
                    return all
                }
                #expect(answers.map(\.1.status).sorted() == [200, 409], "\(answers.map(\.1.bodyText))")
                let now = try await Self.current(stack, editor)
                let winner = try #require(answers.first { $0.1.status == 200 })
                let loser = try #require(answers.first { $0.1.status == 409 })
                #expect(now.dynamicConfig == winner.0 && now.sha256 == DynamicConfigAnswerHash.of(winner.0))
                #expect(loser.1.headers.values(for: "Content-Type").first == "application/problem+json")
                #expect(try loser.1.decoded(DynamicConfigProblem.self).sha256 == now.sha256)

                let history = try await stack.gateway.request("/api/v2/dynamic_config/history", headers: [editor.bearerHeader])
                #expect(history.status == 200)
                let versions = try history.decoded(DynamicConfigHistory.self).versions
                #expect(Array(versions.prefix(2).map(\.sha256)) == [now.sha256, saved.newSHA256])
                #expect(versions.first?.updatedBy == "carol@example.com" && versions[1].config == base)
                #expect(!versions.map(\.config).contains(loser.0))

                let audit = try await Self.auditEntries(stack).filter { $0["event"] == "dynamic_config.update" }
                let last = try #require(audit.last)
                #expect(last["user"] == "carol@example.com" && last["after_sha256"] == now.sha256 && last["before_sha256"] == saved.newSHA256)
                #expect(last["added"] == (winner.0.contains("dynamo") ? "dynamo_load_interval" : "groups.can_admin"))
                let firstEvent = try #require(audit.first { $0["after_sha256"] == saved.newSHA256 })
                #expect(firstEvent["added"]?.contains("custom_headers_for_group_members") == true)
                #expect(audit.allSatisfy { entry in !entry.values.contains { $0.contains("s3cr3t") } }, "a value in the audit stream")
            }
        }

        @Test func badEditsAre400NamingTheKeyAndStoreNothing() async throws {
            try await Self.withGateway { stack, editor in
                let start = try await Self.current(stack, editor)
                let cases: [(String, String)] = [
                    ("group_mapping: [unclosed", ""),
                    ("colour: blue", "colour"),
                    ("dynamo_load_interval: soon", "dynamo_load_interval"),
                    ("groups: {can_fly: [a@example.com]}", "groups.can_fly"),
                    ("group_mapping: {ops@example.com: {roles: [arn:aws:iam::111111111111:role/ok, not-an-arn]}}",
                     "group_mapping.ops@example.com.roles[1]"),
                    ("account_ids_to_name: {\"12\": short}", "account_ids_to_name.12"),
                ]
                for (text, path) in cases {
                    let response = try await Self.post(stack, editor, sha: start.sha256, text: text)
                    #expect(response.status == 400, "\(text): \(response.bodyText)")
                    let problem = try response.decoded(DynamicConfigProblem.self)
                    #expect(problem.keyPath == path, "\(text): \(problem)")
                    #expect(path.isEmpty || problem.message.hasPrefix("\(path): "), "\(problem.message)")
                }
                let unchanged = try await Self.post(stack, editor, sha: start.sha256, text: start.dynamicConfig)
                #expect(unchanged.status == 400 && unchanged.bodyText.contains("didn't change"))
                let missing = try await stack.gateway.request(
                    "POST", "/api/v2/dynamic_config", headers: [editor.bearerHeader, editor.csrfHeader], body: #"{"new_config": "a: 1"}"#)
                #expect(missing.status == 400 && missing.bodyText.contains("existing_sha256"))
                #expect(try await Self.current(stack, editor) == start)

                let engineer = try await stack.engineer()
                for (method, path) in [("GET", "/api/v2/dynamic_config"), ("GET", "/api/v2/dynamic_config/history")] {
                    let refused = try await stack.gateway.request(method, path, headers: [engineer.bearerHeader])
                    #expect(refused.status == 403, "\(path)")
                }
                let refused = try await Self.post(stack, engineer, sha: start.sha256, text: "dynamo_load_interval: 5")
                #expect(refused.status == 403)
                #expect(try await Self.current(stack, editor) == start)
            }
        }
    }
}

/// The hash a text is answered with (hex SHA-256 of its UTF-8 bytes), computed here.
enum DynamicConfigAnswerHash {
    static func of(_ text: String) -> String { Hex.encode(SHA256.hash(Array(text.utf8))) }
}
