import Foundation
@testable import Gateway
import Testing

/// The bodies of `POST /api/v2/roles` and `POST /api/v2/clone/role` are read in ConsoleMe's
/// shape, and a wrong one is refused naming the field (the route's `400`).
@Suite struct RoleWriteBodiesTests {
    private func body(_ text: String) -> Data { Data(text.utf8) }

    private func refusedField(_ parse: () throws -> Void) -> String? {
        do { try parse(); return nil } catch let error as RoleBodyError { return error.field } catch { return "other" }
    }

    @Test func aCreationBodyIsReadWithInstanceProfileDefaultingToTrue() throws {
        let parsed = try RoleCreationBody(json: body(#"{"account_id":"123456789012","role_name":"app-role","description":"d"}"#))
        #expect(parsed == RoleCreationBody(accountID: "123456789012", roleName: "app-role", description: "d", instanceProfile: true))
        let without = try RoleCreationBody(json: body(#"{"account_id":"123456789012","role_name":"r","instance_profile":false}"#))
        #expect(without.instanceProfile == false)
    }

    @Test func aWrongCreationBodyNamesTheField() {
        #expect(refusedField { _ = try RoleCreationBody(json: body("[]")) } == "body")
        #expect(refusedField { _ = try RoleCreationBody(json: body(#"{"account_id":"12345","role_name":"r"}"#)) } == "account_id")
        #expect(refusedField { _ = try RoleCreationBody(json: body(#"{"account_id":"123456789012","role_name":"a/b"}"#)) } == "role_name")
        #expect(refusedField { _ = try RoleCreationBody(json: body(#"{"account_id":"123456789012"}"#)) } == "role_name")
        #expect(refusedField {
            _ = try RoleCreationBody(json: body(#"{"account_id":"123456789012","role_name":"r","instance_profile":1}"#))
        } == "instance_profile")
    }

    @Test func aCloneBodyKeepsTheChosenOptions() throws {
        let parsed = try RoleCloneBody(json: body(#"""
            {"account_id":"123456789012","role_name":"src","dest_account_id":"210987654321","dest_role_name":"dst",
             "options":{"tags":true,"max_session_duration":true,"description":"copy"}}
            """#))
        #expect(parsed.destinationAccountID == "210987654321" && parsed.destinationRoleName == "dst")
        #expect(parsed.options.tags && parsed.options.maxSessionDuration)
        #expect(!parsed.options.inlinePolicies && !parsed.options.managedPolicies && !parsed.options.assumeRolePolicy)
        #expect(parsed.options.description == "copy")
    }

    @Test func aWrongCloneBodyNamesTheField() {
        let base = #""account_id":"123456789012","role_name":"src","dest_account_id":"210987654321","dest_role_name":"dst""#
        #expect(refusedField { _ = try RoleCloneBody(json: body("{\(base)}")) } == "options")
        #expect(refusedField { _ = try RoleCloneBody(json: body("{\(base),\"options\":{\"tags\":\"yes\"}}")) } == "options.tags")
        #expect(refusedField {
            _ = try RoleCloneBody(json: body(#"{"account_id":"123456789012","role_name":"src","dest_account_id":"x","dest_role_name":"d","options":{}}"#))
        } == "dest_account_id")
    }
}
