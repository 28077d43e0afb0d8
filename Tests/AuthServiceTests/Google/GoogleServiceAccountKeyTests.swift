import AuthService
import Foundation
import Testing

@Suite("Google service-account key files")
struct GoogleServiceAccountKeyTests {
    @Test("a key file as Google issues it loads, and printing it shows the account only")
    func loadsKeyFile() throws {
        let key = try GoogleServiceAccountKey.load(path: try TestServiceAccount.writeKeyFile())
        #expect(key.clientEmail == TestServiceAccount.clientEmail)
        #expect(key.keyID == TestServiceAccount.keyID)
        let printed = "\(key) \(String(reflecting: key)) \(Mirror(reflecting: key).children.map { "\($0.value)" })"
        #expect(!printed.contains("PRIVATE KEY") && !printed.contains("MII"))
        #expect(printed.contains(TestServiceAccount.clientEmail))
    }

    @Test("a missing file is refused naming it")
    func missingFile() {
        let path = "/nonexistent/portico/\(UUID().uuidString).json"
        #expect(throws: GoogleServiceKeyError.unreadable(path: path, reason: "no such file")) {
            try GoogleServiceAccountKey.load(path: path)
        }
    }

    @Test("an oversized file is refused before parsing")
    func oversizedFile() throws {
        let path = try TestServiceAccount.writeFile([UInt8](repeating: 0x20, count: GoogleServiceAccountKey.maxFileBytes + 1))
        #expect(throws: GoogleServiceKeyError.tooLarge(path: path, limit: GoogleServiceAccountKey.maxFileBytes)) {
            try GoogleServiceAccountKey.load(path: path)
        }
    }

    @Test("malformed key files are refused with what is wrong", arguments: [
        ("not json at all", "not a JSON object"),
        (#"["a list"]"#, "not a JSON object"),
        (#"{"type":"service_account","private_key":"x"}"#, "'client_email' is missing"),
        (#"{"type":"service_account","client_email":"a@b.c"}"#, "'private_key' is missing"),
        (#"{"type":"service_account","client_email":7,"private_key":"x"}"#, "'client_email' is not a string"),
        (#"{"type":"authorized_user","client_email":"a@b.c","private_key":"x"}"#, "'type' is 'authorized_user', not 'service_account'"),
        (#"{"type":"service_account","client_email":"not an email","private_key":"x"}"#, "'client_email' is not an email address"),
    ])
    func malformedFiles(contents: String, reason: String) throws {
        let path = try TestServiceAccount.writeFile(Array(contents.utf8))
        #expect(throws: GoogleServiceKeyError.malformed(path: path, reason: reason)) {
            try GoogleServiceAccountKey.load(path: path)
        }
    }

    @Test("an unusable private key is refused without quoting it")
    func invalidPrivateKey() throws {
        let damaged = TestServiceAccount.privateKeyPEM.replacingOccurrences(of: "MII", with: "AAA")
        let path = try TestServiceAccount.writeFile(try TestServiceAccount.keyJSON(privateKey: damaged))
        do {
            _ = try GoogleServiceAccountKey.load(path: path)
            Issue.record("a damaged key loaded")
        } catch {
            guard case .invalidPrivateKey(let failedPath, _) = error else {
                Issue.record("expected invalidPrivateKey, got \(error)")
                return
            }
            #expect(failedPath == path)
            #expect(error.description.contains(path) && error.description.contains("google.service_key_file"))
            #expect(!error.description.contains("AAA"))
        }
    }
}
