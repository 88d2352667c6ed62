import Foundation
// NIOCore and NIOHTTPTypes come with Hummingbird (it builds on them); no other package is added.
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request does not arrive whole in time (ADR 0021).
///
/// The clock starts when the connection opens and when a request's head arrives; it stops when the
/// request's end arrives. So the first request's header and body, and every later request's body, must
/// arrive within `timeout`. A client sending a header line every five seconds ("slowloris") or a body
/// one byte at a time is closed, and its descriptor and connection slot are free again. Between
/// requests Hummingbird's idle timeout applies, which also ends a later request's slow header (no
/// part reaches the pipeline until the header is complete).
final class RequestReadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private let onTimeout: @Sendable () -> Void
    private var scheduled: Scheduled<Void>?

    /// A deadline of `timeout`; `onTimeout` runs (on the event loop) for each connection it closes.
    init(timeout: TimeAmount, onTimeout: @escaping @Sendable () -> Void = {}) {
        self.timeout = timeout
        self.onTimeout = onTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancel()
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            if scheduled == nil { arm(context) }
        case .body:
            break
        case .end:
            cancel()
        }
        context.fireChannelRead(data)
    }

    private func arm(_ context: ChannelHandlerContext) {
        cancel()
        // The task runs on this channel's event loop, where the handler and its context live.
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        scheduled = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = bound.value
            handler.scheduled = nil
            handler.onTimeout()
            context.close(promise: nil)
        }
    }

    private func cancel() {
        scheduled?.cancel()
        scheduled = nil
    }
}
