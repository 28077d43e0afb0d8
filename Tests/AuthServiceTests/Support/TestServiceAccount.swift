import Foundation

/// The test service account: a 2048-bit RSA key made once with
/// `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048` (test-only, never used anywhere
/// real), its public half for the Google stand-in to verify assertions with, and key files in
/// Google's JSON format.
enum TestServiceAccount {
    static let clientEmail = "portico-directory@portico-test.iam.gserviceaccount.com"
    static let keyID = "0123456789abcdef0123456789abcdef01234567"
    /// The Workspace admin the account acts as (domain-wide delegation).
    static let subject = "directory-admin@example.com"

    static let privateKeyPEM = """
-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCVV6Pzy9W7957f
V4ouOFHtb4EUY5b5QiKZeNJcdL/8d761gWg3m3V4/OCCbKVQwgr/N2BFecy8Vyuj
gwcYzprgWujD5f57Npc+XamQRT5j1Hvh/pSadsp91qD5f1m5QJX7wDL1l19/lurU
WdrB01n0JxRFc0KqQbvUpaHI1BufpFwfjlWlH7lkRqrgAWDPlGEhA526SyQd/FcL
hBMLZmlqaTRkWU7O3R4jFeiRcLwI1J6S23JYgsS3+//0X94O9+9hsZb9N/hGktTm
3AuHeNlyfbfi2nz3mrjudP0+STeU6OnpKDYQWlrd+reTpUCQV2F4oA3GlhtyNyG2
W4PQPL/BAgMBAAECggEACnR0OeEPOXWAXcpXFh1DPwgLVU4Th6elnHDk6SwTNK19
YF+K2Dm945ZwcTEB8cFj27IYv0RjnNvNZkkJ+iacmRBEM1Kqmh2cQPV1pW/zijGZ
6pxT8uxWCLE5272anmlzFojCCIdsXBZIok0YD3GoXntN4/7Jr/miGKTvyotu06Im
m2IyuNU8BuFb3d4AFu8OqU+8TVg+mSZ2hrQsVdtBIZfSpJcOv1FoSwYGXSwPakEW
v8b4H0zU3J7PogN7RR0oEMv84cNvED8Yps08Tbf1vAcNIFIfQf1vwVmm30Ck2DW7
pefr8DBnCXj4rer7NQah2ze3V/v9M0Ybe+wxTbm8sQKBgQDLDFEToseIEKfeXHTs
hAwROeTTKK311Jz42BvIdUmvA3jjp3IlAoXeMZwCBoT1JIwbU/tAmX111TfuVwji
/n32ZddtUiSE4aM+7t41t8RdQKOjSWu9Dj2AJEvYU2Zv6nJbjJTqgtcPhvzecgJR
ZBOkRIlAmjE88iwhJPInBsfntwKBgQC8SeBK/ajwmEkp2dHB6dKLsoli8qvqIrOH
bRAvPmvLUTxpCuzHr1E+zaLj6L/GihYD+nvDlh+iuX5rSpXZVE195Ye2Lkts8Ihr
5yWc9L1xe3YGy+prwyjl1JJ6WWRyzkDGZxbf9/S37d5CF9XCT6Y6iJc3bdOBeH48
8IJKmfhkRwKBgAaWObMXXr2tPKTb/vcFOZb9d8zZzvrgkM8Jw6z3ERLaW/uWnP9S
W6Ffnp36NCn3q4vfZ5Eq6YT/C7dxn1otw0xQ9XIYbhLZdwA9o3u+oGIeDLDpWtNh
OOGFS+iSnAoZYuhRYStSX0Ojr2RP8n9Nbc2wY3tzBRHjEUdp+WkGsUl1AoGAdcjt
E1xM430QP6rv6ZNAz3z3LrvJyWS909jpB/TPb9e4p6la56uHcncnD9VYqnVVQlXe
OELgNWY+bBWzWcm/1CLS26doLZTmckGdqOr821G1SpkjYxgprGRm4TysdpkJslNo
3uB46NpXcBcC9FPpE7LAjb8ZUWOz7KEzkEFzPh8CgYBAcAjvmQqtXJOmwDLoropC
vmhtJ73XNRVLs19Y7AZwPfeJ5zZcBPw7aDVYLnHK9fWHGfvnLUDcRs/z34YAXmiY
sQSwnyF3WW9UqcTYaUk+c1ADovwPsUs46XO2jp4ij9IwcHNknh6GSa1LltOIwQWg
kcTTB58u2QpxXptMTPdi/w==
-----END PRIVATE KEY-----
"""

    static let publicKeyPEM = """
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAlVej88vVu/ee31eKLjhR
7W+BFGOW+UIimXjSXHS//He+tYFoN5t1ePzggmylUMIK/zdgRXnMvFcro4MHGM6a
4Frow+X+ezaXPl2pkEU+Y9R74f6UmnbKfdag+X9ZuUCV+8Ay9Zdff5bq1FnawdNZ
9CcURXNCqkG71KWhyNQbn6RcH45VpR+5ZEaq4AFgz5RhIQOdukskHfxXC4QTC2Zp
amk0ZFlOzt0eIxXokXC8CNSekttyWILEt/v/9F/eDvfvYbGW/Tf4RpLU5twLh3jZ
cn234tp895q47nT9Pkk3lOjp6Sg2EFpa3fq3k6VAkFdheKANxpYbcjchtluD0Dy/
wQIDAQAB
-----END PUBLIC KEY-----
"""

    /// The key JSON as Google Cloud console downloads it.
    static func keyJSON(privateKey: String = privateKeyPEM, clientEmail: String = clientEmail) throws -> [UInt8] {
        let object: [String: String] = [
            "type": "service_account", "project_id": "portico-test", "private_key_id": keyID,
            "private_key": privateKey + "\n", "client_email": clientEmail, "client_id": "100000000000000000001",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token",
        ]
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    /// Writes `contents` to a new file in a fresh temporary directory and returns its path.
    static func writeFile(_ contents: [UInt8], name: String = "service-key.json") throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("portico-auth-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name)
        try Data(contents).write(to: file)
        return file.path
    }

    /// A key file for this account.
    static func writeKeyFile() throws -> String {
        try writeFile(try keyJSON())
    }
}
