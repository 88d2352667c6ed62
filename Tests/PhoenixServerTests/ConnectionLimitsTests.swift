import Foundation
import Hummingbird
import HummingbirdTesting
import PhoenixEngine
import PhoenixServer
import Testing

/// Finding M2: the server never timed out idle or half-sent connections, and accepted as many as the
/// descriptor limit allowed; 1,100 of them stopped webhooks and polling alike (ADR 0021). Real server on
/// loopback, real sockets; the timeouts are short here and every wait ends on an event (the server
/// closing a socket, a response), the guards only bound a failing run.
@Suite struct ConnectionLimitsTests {
    static func limits(maxConnections: Int, timeout: Double) -> HTTPLimits {
        var limits = HTTPLimits()
        limits.maxConnections = maxConnections
        limits.idleTimeoutSeconds = timeout
        limits.readTimeoutSeconds = timeout
        return limits
    }

    @Test func idleAndHalfSentConnectionsAreClosed() async throws {
        let test = try TestServer(service: RecordingReconciler(), limits: Self.limits(maxConnections: 16, timeout: 0.3))
        try await test.app.test(.live) { client in
            let port = try #require(client.port)
            let silent = try RawSocket(port: port)
            let partialHeader = try RawSocket(port: port)
            try partialHeader.send("POST /hooks/github HTTP/1.1\r\nHost: x\r\n")
            let slowBody = try RawSocket(port: port)
            try slowBody.send("POST /hooks/github HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"ref\":")
            let slowHeader = try RawSocket(port: port)
            try slowHeader.send("POST /hooks/github HTTP/1.1\r\nHost: x\r\n")
            let headerTrickle = Task.detached {
                // A header line at a time, as repro/slow.py: each arrives before the timeout.
                for index in 0..<50 {
                    guard (try? slowHeader.send("X-Slow-\(index): y\r\n")) != nil else { return }
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            defer { headerTrickle.cancel() }
            for (name, socket) in [("silent", silent), ("partial header", partialHeader), ("slow body", slowBody), ("slow header", slowHeader)] {
                let closed = try await onThread { socket.waitUntilClosedByServer() }
                #expect(closed, "\(name) connection still open")
            }
        }
    }

    @Test func connectionsPastTheCapAreClosed() async throws {
        let test = try TestServer(service: RecordingReconciler(), limits: Self.limits(maxConnections: 4, timeout: 60))
        try await test.app.test(.live) { client in
            let port = try #require(client.port)
            let sockets = try (0..<10).map { _ in try RawSocket(port: port) }
            // Six of the ten are closed by the server (each wait ends on its EOF); four stay open. The
            // guard is generous: a loaded 2-core machine may take seconds to close a connection.
            var closed = 0
            for socket in sockets {
                if try await onThread({ socket.waitUntilClosedByServer(guardSeconds: 5) }) { closed += 1 }
            }
            #expect(closed == 6, "the server closed \(closed) of 10 connections with a cap of 4")
            #expect(RawSocket.acceptedConnections(port: port) <= 4)
        }
    }

    @Test func aWebhookIsServedWhileSlowClientsHoldEveryConnection() async throws {
        let reconciler = RecordingReconciler()
        let test = try TestServer(service: reconciler, limits: Self.limits(maxConnections: 4, timeout: 0.3))
        let body = Array(Payloads.githubPush.utf8)
        try await test.app.test(.live) { client in
            let port = try #require(client.port)
            // Twice the cap of half-sent requests (repro/slow.py with 1,100 sockets, scaled down).
            let slow = try (0..<8).map { _ in try RawSocket(port: port) }
            for socket in slow { try? socket.send("POST /hooks/github HTTP/1.1\r\nHost: x\r\n") }
            // Those past the cap are closed at once, the others when their read deadline passes: every
            // wait ends on the socket's EOF. Then the server has its slots back for the forge's delivery.
            for socket in slow {
                let closed = try await onThread { socket.waitUntilClosedByServer() }
                #expect(closed)
            }
            // The delivery on a connection of its own (the test client's idle one was closed too).
            var request = "POST /hooks/github HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
            for field in try TestServer.headers(.github, event: "push", body: body) {
                request += "\(field.name): \(field.value)\r\n"
            }
            request += "\r\n" + String(decoding: body, as: UTF8.self)
            let delivery = try RawSocket(port: port)
            try delivery.send(request)
            let response = try await onThread { delivery.receiveAll() }
            #expect(response.hasPrefix("HTTP/1.1 202"), "\(response.prefix(200))")
        }
        #expect(await reconciler.triggers.count == 1)
    }

    @Test func descriptorsStayWithTheDaemon() throws {
        // The cap never lets connections take more than half of the limit minus the daemon's reserve.
        #expect(DescriptorLimit.connectionCap(configured: 128, softLimit: 1_024) == 128)
        #expect(DescriptorLimit.connectionCap(configured: 1_000, softLimit: 1_024) == 256)
        #expect(DescriptorLimit.connectionCap(configured: 128, softLimit: 256) == 8)
        let raised = try #require(DescriptorLimit.raiseSoftLimitToHard())
        let now = try #require(DescriptorLimit.current())
        #expect(raised.after == now.soft)
        #expect(now.soft == now.hard || now.soft >= raised.before)
    }

    @Test func settingsRefuseBoundsThatSwitchThemselvesOff() throws {
        for bad in [#"{"http": {"max_connections": 0}}"#, #"{"http": {"read_timeout_seconds": 0}}"#, #"{"http": {"idle": 5}}"#] {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("phoenix-http-\(UUID().uuidString).json")
            try Data(bad.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            #expect(throws: SettingsError.self, "\(bad)") { try WatcherSettings.load(from: file.path) }
        }
    }
}
