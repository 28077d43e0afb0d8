/// The pages of a paginated AWS list, fetched lazily one request per page as the sequence is
/// iterated. Every `list…Pages` method returns one; the matching `list…` method collects all
/// pages into one array.
///
/// A service that hands back the token it was given would loop forever; that is reported as a
/// malformed response instead.
public struct AWSPages<Page: Sendable, Token: Sendable & Equatable>: AsyncSequence, Sendable {
    public typealias Element = Page
    typealias Fetch = @Sendable (Token?) async throws -> (page: Page, next: Token?)

    private let fetch: Fetch

    init(fetch: @escaping Fetch) { self.fetch = fetch }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(fetch: fetch) }

    /// Fetches one page after another until the service says there are no more.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private let fetch: Fetch
        private var token: Token?
        private var finished = false

        init(fetch: @escaping Fetch) { self.fetch = fetch }

        public mutating func next() async throws -> Page? {
            guard !finished else { return nil }
            let (page, next) = try await fetch(token)
            if let next {
                if let token, token == next {
                    finished = true
                    throw AWSClientError.malformedResponse("pagination token did not advance")
                }
                token = next
            } else {
                finished = true
            }
            return page
        }
    }
}

extension AWSPages {
    /// Every item of every page, in order.
    public func collect<Item>() async throws -> [Item] where Page == [Item] {
        var items: [Item] = []
        for try await page in self { items.append(contentsOf: page) }
        return items
    }
}
