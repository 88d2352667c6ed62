import Foundation
import Logging
import PhoenixServer
import PhoenixTesting
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
            #expect(LoopbackPort.accepts(UInt16(port)))
            await group.triggerGracefulShutdown()
            // run() returns normally: the process would exit 0.
            try await tasks.waitForAll()
        }
        #expect(
            await log.events == [
                "reconciler started", "poller started",
                "poller stopped (http accepting: false)", "reconciler stopped (http accepting: false)",
            ])
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
}
