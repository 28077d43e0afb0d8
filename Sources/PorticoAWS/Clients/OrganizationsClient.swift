public import Foundation
import PorticoCore

/// AWS Organizations (JSON 1.1, global endpoint): the member accounts of the organization.
public struct OrganizationsClient: Sendable {
    public let client: AWSClient

    public init(client: AWSClient) { self.client = client }

    /// `organizations:ListAccounts`, page by page.
    public func listAccountsPages(pageSize: Int? = nil) throws -> AWSPages<[OrganizationAccount], String> {
        if let pageSize, !(1...20).contains(pageSize) {
            throw AWSClientError.invalidParameter(name: "MaxResults", reason: "must be 1 to 20")
        }
        return AWSPages { token in
            var body: [String: JSONValue] = [:]
            body.set("MaxResults", pageSize)
            body.set("NextToken", token)
            let result = try await JSONProtocol.call(
                client, service: .organizations, version: .v1_1, operation: "ListAccounts", body: body)
            let accounts = try (result["Accounts"]?.arrayValue ?? []).map(OrganizationAccount.init)
            return (accounts, result["NextToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    /// `organizations:ListAccounts`, every page.
    public func listAccounts(pageSize: Int? = nil) async throws -> [OrganizationAccount] {
        try await listAccountsPages(pageSize: pageSize).collect()
    }
}

/// A member account of an organization.
public struct OrganizationAccount: Sendable, Equatable {
    public var id: String
    public var arn: String
    public var name: String
    public var email: String
    /// `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`.
    public var status: String
    public var joinedTimestamp: Date?

    init(_ json: JSONValue) throws {
        guard let id = json["Id"]?.stringValue else {
            throw AWSClientError.malformedResponse("ListAccounts account has no Id")
        }
        self.id = id
        arn = json["Arn"]?.stringValue ?? ""
        name = json["Name"]?.stringValue ?? ""
        email = json["Email"]?.stringValue ?? ""
        status = json["Status"]?.stringValue ?? ""
        joinedTimestamp = json["JoinedTimestamp"]?.dateValue
    }
}
