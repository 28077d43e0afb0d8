import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element: the small tree that the query and REST-XML protocols read answers from.
///
/// Namespaces are ignored (elements are matched by local name), text is the concatenation of the
/// element's own character data, and external entities are never resolved.
struct XMLTree: Sendable {
    var name: String
    var text: String
    var children: [XMLTree]

    /// The first child called `name`.
    func child(_ name: String) -> XMLTree? {
        children.first { $0.name == name }
    }

    /// Every child called `name`.
    func children(_ name: String) -> [XMLTree] {
        children.filter { $0.name == name }
    }

    /// Follows a path of child names: `tree["ListRolesResult", "Marker"]`.
    subscript(_ path: String...) -> XMLTree? {
        var node: XMLTree? = self
        for step in path { node = node?.child(step) }
        return node
    }

    /// The text of the child at `path`, nil when it is missing.
    func string(_ path: String...) -> String? {
        var node: XMLTree? = self
        for step in path { node = node?.child(step) }
        return node?.text
    }

    /// The first element called `name` at any depth (this one included), breadth first.
    func first(named name: String) -> XMLTree? {
        var queue = [self]
        var index = 0
        while index < queue.count {
            let node = queue[index]
            if node.name == name { return node }
            queue.append(contentsOf: node.children)
            index += 1
        }
        return nil
    }

    /// The items of an AWS list: the children of `self` called `member` (or `item`/`entry`).
    var members: [XMLTree] {
        children.filter { $0.name == "member" || $0.name == "item" }
    }

    /// Parses `bytes`; throws `AWSClientError.malformedResponse` on anything that is not
    /// well-formed XML or nests deeper than `maxDepth`.
    static func parse(_ bytes: [UInt8], maxDepth: Int = 128) throws -> XMLTree {
        let builder = XMLTreeBuilder(maxDepth: maxDepth)
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = true
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            let reason = builder.failure ?? parser.parserError.map { "\($0)" } ?? "no root element"
            throw AWSClientError.malformedResponse("XML: \(reason)")
        }
        return root
    }
}

/// Collects `XMLParser` events into an `XMLTree`.
private final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [XMLTree] = []
    private let maxDepth: Int
    var root: XMLTree?
    var failure: String?

    init(maxDepth: Int) { self.maxDepth = maxDepth }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        guard stack.count < maxDepth else {
            failure = "nesting deeper than \(maxDepth)"
            parser.abortParsing()
            return
        }
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        stack.append(XMLTree(name: local, text: "", children: []))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        guard var finished = stack.popLast() else { return }
        if !finished.children.isEmpty {
            // Elements with children carry only indentation as text.
            finished.text = finished.text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if stack.isEmpty {
            root = finished
        } else {
            stack[stack.count - 1].children.append(finished)
        }
    }
}
