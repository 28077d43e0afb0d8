/// What is wrong with a chain, at the first place it goes wrong.
public enum AuditChainProblem: Sendable, Equatable, CustomStringConvertible {
    /// The event's content does not give its recorded hash: it was edited.
    case altered(seq: Int, location: String)
    /// The event's `prev` is not the hash of the event before it (that one was edited and
    /// re-hashed, or replaced).
    case brokenLink(seq: Int, location: String)
    /// Events are missing: `missing` was expected where `found` stands.
    case gap(missing: ClosedRange<Int>, found: Int?, location: String)
    /// An event stands out of order: `seq` where `expected` belongs (which appears elsewhere).
    case reordering(seq: Int, expected: Int, location: String)
    /// A line or entry that is not a chained event.
    case malformed(location: String, detail: String)
    /// The stream still holds an event the archive holds differently.
    case archiveDisagrees(seq: Int, location: String)

    public var description: String {
        switch self {
        case .altered(let seq, let location):
            "altered event: seq \(seq) at \(location) does not match its hash"
        case .brokenLink(let seq, let location):
            "broken link: seq \(seq) at \(location) does not link to the hash of seq \(seq - 1)"
        case .gap(let missing, let found, let location):
            "gap: seq \(missing.lowerBound == missing.upperBound ? "\(missing.lowerBound)" : "\(missing.lowerBound)-\(missing.upperBound)") missing"
                + (found.map { " (seq \($0) follows at \(location))" } ?? " (\(location))")
        case .reordering(let seq, let expected, let location):
            "reordering: seq \(seq) at \(location) stands where seq \(expected) belongs"
        case .malformed(let location, let detail):
            "malformed: \(location) is not a chained audit event: \(detail)"
        case .archiveDisagrees(let seq, let location):
            "archive and stream disagree: seq \(seq) at \(location) differs from the archived one"
        }
    }
}

/// The outcome of walking a chain: how many events were checked and the first problem.
public struct AuditVerification: Sendable {
    public var stream: String
    public var archivedEvents: Int
    public var streamEvents: Int
    public var lastSeq: Int
    public var problem: AuditChainProblem?
}

/// Walks one stream's chain — the archive's objects in order, then the stream's events past
/// the archive — and reports the first broken link, gap or reordering; then checks that the
/// chain head names the last event seen (a deleted tail is a gap too).
public struct AuditVerifier: Sendable {
    public let archive: AuditArchive?
    public let reader: AuditStreamReader

    public init(archive: AuditArchive?, reader: AuditStreamReader) {
        self.archive = archive
        self.reader = reader
    }

    public func verify() async throws -> AuditVerification {
        let stream = reader.keys.stream
        var walk: [(event: ChainedAuditEvent?, location: String, detail: String)] = []
        var archivedHashes: [Int: String] = [:]
        var archivedCount = 0
        if let archive {
            for object in try await archive.objects(stream: stream) {
                for (index, line) in try await archive.lines(of: object).enumerated() {
                    let location = "s3://\(archive.bucket)/\(object.key) line \(index + 1)"
                    switch line {
                    case .event(let event):
                        walk.append((event, location, ""))
                        archivedHashes[event.seq] = event.hash
                        archivedCount += 1
                    case .malformed(let text): walk.append((nil, location, text))
                    }
                }
            }
        }
        let lastArchived = walk.last?.event?.seq ?? 0
        var streamCount = 0
        var chainStarted = !walk.isEmpty
        for entry in try await reader.allEntries() {
            let location = "stream \(stream) entry \(entry.id)"
            guard let event = entry.event else {
                // Entries from before the chain existed may precede it; none may follow.
                if chainStarted { walk.append((nil, location, "no chain fields")) }
                continue
            }
            chainStarted = true
            streamCount += 1
            if !archivedHashes.isEmpty, event.seq <= lastArchived {
                if let archived = archivedHashes[event.seq], archived != event.hash || event.recomputedHash != event.hash {
                    return AuditVerification(
                        stream: stream, archivedEvents: archivedCount, streamEvents: streamCount, lastSeq: event.seq,
                        problem: .archiveDisagrees(seq: event.seq, location: location))
                }
                continue
            }
            walk.append((event, location, ""))
        }

        let present = Set(walk.compactMap { $0.event?.seq })
        var previous: ChainedAuditEvent?
        func result(_ problem: AuditChainProblem?) -> AuditVerification {
            AuditVerification(
                stream: stream, archivedEvents: archivedCount, streamEvents: streamCount, lastSeq: previous?.seq ?? 0,
                problem: problem)
        }
        for step in walk {
            guard let event = step.event else { return result(.malformed(location: step.location, detail: step.detail)) }
            if event.recomputedHash != event.hash { return result(.altered(seq: event.seq, location: step.location)) }
            let expected = (previous?.seq ?? 0) + 1
            if event.seq < expected {
                return result(.reordering(seq: event.seq, expected: expected, location: step.location))
            }
            if event.seq > expected {
                if present.contains(expected) {
                    return result(.reordering(seq: event.seq, expected: expected, location: step.location))
                }
                return result(.gap(missing: expected...(event.seq - 1), found: event.seq, location: step.location))
            }
            if event.prev != (previous?.hash ?? ChainedAuditEvent.genesis) {
                return result(.brokenLink(seq: event.seq, location: step.location))
            }
            previous = event
        }
        let head = try await reader.headSeq()
        let last = previous?.seq ?? 0
        if head > last {
            return result(.gap(missing: (last + 1)...head, found: nil, location: "the chain head says seq \(head)"))
        }
        return result(nil)
    }
}
