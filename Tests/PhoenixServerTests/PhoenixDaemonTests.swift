import Foundation
import Logging
import PhoenixServer
import ServiceLifecycle
import Testing

@Suite struct PhoenixDaemonTests {
    func daemon(_ services: [any Service], port: Int = 0) throws -> PhoenixDaemon {
        let test = try TestServer(service: RecordingReconciler(), port: port)
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
            #expect(listeningSocket(onPort: port) != nil)
            await log.waitFor(count: 2)
            await group.triggerGracefulShutdown()
            // run() returns normally: the process would exit 0.
            try await tasks.waitForAll()
            #expect(listeningSocket(onPort: port) == nil)
        }
        // Services start concurrently once HTTP listens (no order), but stop strictly in reverse: HTTP,
        // poller, reconciler.
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

    @Test func aTakenPortStopsTheDaemonBeforeAnyServiceStarts() async throws {
        let occupied = try #require(OccupiedPort())
        let log = EventLog()
        let reconciler = LifecycleProbe(name: "reconciler", log: log, port: { nil })
        let group = try daemon([reconciler], port: occupied.port).makeServiceGroup()
        await #expect(throws: (any Error).self) { try await group.run() }
        #expect(await log.events.isEmpty)
    }

    @Test func theListeningSocketIsCloseOnExec() async throws {
        let ports = PortBox()
        let group = try daemon([]).makeServiceGroup { port in await ports.set(port) }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try #require(await ports.wait())
            let socket = try #require(listeningSocket(onPort: port))
            // Otherwise every child the watcher starts (a stage's pct or docker, a hook, git) inherits the
            // port and keeps it open after shutdown, blocking a restarted watcher's bind.
            #expect(isCloseOnExec(socket.fd), "\(socket.name) is inherited by child processes")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            #expect(listeningSocket(onPort: port) == nil)
        }
    }
}
