/// Holds callers until the test opens it: a load or a fetch kept in flight while the test
/// arranges who else arrives.
public actor Gate {
    private var isOpen: Bool
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(open: Bool) { isOpen = open }

    public func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    public func open() {
        isOpen = true
        for waiter in waiting { waiter.resume() }
        waiting.removeAll()
    }
}
