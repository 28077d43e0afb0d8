import NIOCore
import Synchronization

/// Hands messages from any thread to code running on one event loop, in batches: the first
/// message of a batch schedules one task on the loop, later ones just join the queue. Calls
/// finishing on many tasks thus cost one event-loop wake-up and one flush per burst, not one
/// per call.
final class EventLoopMailbox<Message: Sendable>: Sendable {
    private struct Queue {
        var messages: [Message] = []
        var isScheduled = false
    }

    let eventLoop: any EventLoop
    private let queue = Mutex(Queue())
    private let deliver: @Sendable ([Message]) -> Void

    /// - Parameter deliver: called on `eventLoop` with each batch, in send order.
    init(eventLoop: any EventLoop, deliver: @escaping @Sendable ([Message]) -> Void) {
        self.eventLoop = eventLoop
        self.deliver = deliver
    }

    func send(_ message: Message) {
        let mustSchedule = queue.withLock { queue in
            queue.messages.append(message)
            guard !queue.isScheduled else { return false }
            queue.isScheduled = true
            return true
        }
        if mustSchedule {
            eventLoop.execute { self.drain() }
        }
    }

    private func drain() {
        let batch = queue.withLock { queue in
            queue.isScheduled = false
            var batch: [Message] = []
            swap(&batch, &queue.messages)
            return batch
        }
        deliver(batch)
    }
}
