import NIOCore
import NIOHTTPTypes
import Synchronization

/// Holds at most `limit` connections open at once (ADR 0021): a connection accepted past the limit is
/// closed at once, so a flood costs its descriptors only for that instant and never starves the
/// reconciler's. (Hummingbird 2.28 takes an `availableConnectionsDelegate` but never installs it in the
/// server pipeline, so the cap is enforced here, in every connection's pipeline.)
final class ConnectionCap: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    /// The count shared by every connection of one server.
    final class Counter: Sendable {
        let limit: Int
        private let open = Mutex(0)

        init(limit: Int) {
            self.limit = limit
        }

        /// Takes a slot; false when every slot is taken.
        func take() -> Bool {
            open.withLock { count in
                guard count < limit else { return false }
                count += 1
                return true
            }
        }

        func give() {
            open.withLock { $0 -= 1 }
        }
    }

    private let counter: Counter
    private var holdsSlot = false

    init(counter: Counter) {
        self.counter = counter
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if counter.take() {
            holdsSlot = true
        } else {
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    private func release() {
        if holdsSlot {
            holdsSlot = false
            counter.give()
        }
    }
}
