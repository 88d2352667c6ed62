import Foundation
import Logging
import PhoenixServer
import ServiceLifecycle
import Testing

@Suite struct PhoenixDaemonTests {
    func daemon(_ services: [any Service]) throws -> PhoenixDaemon {
        let test = try TestServer(service: RecordingReconciler())
        var logger = Logger(label: "phoenix.daemon.test")
        logger.logLevel = .critical
        // No signal handlers in tests: the shutdown is triggered through the group, as SIGTERM would.
        return PhoenixDaemon(server: test.server, services: services, logger: logger, gracefulShutdownSignals: [])
    }

    @Test func gracefulShutdownStopsHTTPFirstThenServicesInReverseOrder() async throws {
        let log = EventLog()
        let ports = PortBox()
        let reconciler = LifecycleProbe(name: "reconciler", log: log, port: { await ports.port })
        let poller = LifecycleProbe(name: "poller", log: log, port: { await ports.port })
        let group = try daemon([reconciler, poller]).makeServiceGroup { port in await ports.set(port) }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try #require(await ports.wait())
            #expect(serverListens(onLoopbackPort: port))
            await group.triggerGracefulShutdown()
            // run() returns normally: the process would exit 0.
            try await tasks.waitForAll()
            #expect(!serverListens(onLoopbackPort: port))
        }
        // Services start concurrently (no order), but stop strictly in reverse: HTTP, poller, reconciler.
        let events = await log.events
        #expect(Set(events.prefix(2)) == ["reconciler started", "poller started"], "\(events)")
        #expect(
            Array(events.dropFirst(2)) == [
                "poller stopped (http accepting: false)", "reconciler stopped (http accepting: false)",
            ], "\(events)")
    }

    @Test func aServiceThatStopsOnItsOwnFailsTheDaemon() async throws {
        let log = EventLog()
        let crashed = LifecycleProbe(name: "poller", log: log, port: { nil }, returnsEarly: true)
        let reconciler = LifecycleProbe(name: "reconciler", log: log, port: { nil })
        let group = try daemon([reconciler, crashed]).makeServiceGroup()
        await #expect(throws: PhoenixDaemonError.self) { try await group.run() }
        // The others were shut down gracefully, not cancelled mid-stage.
        #expect(await log.events.contains("reconciler stopped (http accepting: false)"))
    }

    @Test func aCommandStillRunningAtShutdownDoesNotKeepThePortOpen() async throws {
        let ports = PortBox()
        let group = try daemon([]).makeServiceGroup { port in await ports.set(port) }
        // Stands for a stage's command (pct, docker) started while the server listens, by a spawner that
        // does not close inherited descriptors, and still running when the server stops.
        let child = try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try #require(await ports.wait())
            let child = try InheritingChild()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            #expect(child.isRunning)
            #expect(!serverListens(onLoopbackPort: port), "the child inherited the listening socket")
            return child
        }
        let status = try await onThread { child.finish() }
        #expect(status == 0)
    }
}
