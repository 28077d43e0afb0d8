import PorticoAPI
import PorticoCore

/// The structural check of a policy document at creation: an object whose `Statement` (an
/// object or a list of them) each have `Effect` Allow|Deny, `Action` or `NotAction`, and (except
/// in a trust policy, which names a `Principal` instead) `Resource` or `NotResource`. A
/// refusal names the path at fault (`changes[0].policy.policy_document.Statement[1].Effect`).
enum PolicyDocumentCheck {
    /// The statements of `document`.
    /// - Throws: `PolicyRequestProblem` 400 naming the path.
    @discardableResult
    static func statements(_ document: JSONValue, at path: String, trust: Bool = false) throws(PolicyRequestProblem) -> [[String: JSONValue]] {
        guard case .object(let fields) = document else { throw .badRequest("\(path): must be a JSON object") }
        let statements: [JSONValue]
        switch fields["Statement"] {
        case .object?: statements = [fields["Statement"]!]
        case .array(let list)?: statements = list
        default: throw .badRequest("\(path).Statement: must be an object or a list of objects")
        }
        var result: [[String: JSONValue]] = []
        for (index, statement) in statements.enumerated() {
            let at = "\(path).Statement[\(index)]"
            guard case .object(let members) = statement else { throw .badRequest("\(at): must be an object") }
            guard let effect = members["Effect"]?.stringValue, effect == "Allow" || effect == "Deny" else {
                throw .badRequest("\(at).Effect: must be \"Allow\" or \"Deny\"")
            }
            guard strings(members["Action"]) != nil || strings(members["NotAction"]) != nil else {
                throw .badRequest("\(at).Action: Action or NotAction (a string or a list of strings) is required")
            }
            if trust {
                guard members["Principal"] != nil || members["NotPrincipal"] != nil else {
                    throw .badRequest("\(at).Principal: a trust policy statement names a Principal")
                }
            } else {
                guard strings(members["Resource"]) != nil || strings(members["NotResource"]) != nil else {
                    throw .badRequest("\(at).Resource: Resource or NotResource (a string or a list of strings) is required")
                }
            }
            result.append(members)
        }
        return result
    }

    /// A string or a list of strings as a list; nil for anything else.
    static func strings(_ value: JSONValue?) -> [String]? {
        switch value {
        case .string(let text)?: [text]
        case .array(let list)?:
            list.allSatisfy({ $0.stringValue != nil }) && !list.isEmpty ? list.compactMap(\.stringValue) : nil
        default: nil
        }
    }

    /// IAM's rule for policy names: 1–128 of `[A-Za-z0-9+=,.@_-]`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 128
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSetLike.nameCharacters.contains($0.value)) }
    }

    private enum CharacterSetLike {
        static let nameCharacters: Set<UInt32> = Set(
            (Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-".unicodeScalars)).map(\.value))
    }
}
