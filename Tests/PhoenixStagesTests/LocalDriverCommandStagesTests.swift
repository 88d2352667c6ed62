import Foundation
import PhoenixTesting
import Synchronization
import PhoenixCore
import PhoenixDrivers
import Testing

@testable import PhoenixStages

/// The command stages (certificates, swarm, portainer, stack-deploy) on the local driver, which
/// journals commands and answers them with nothing: they converge from what they applied last time
/// (ADR 0005). Runs the stages like the engine does: through `StageRunner`, with each stage's previous
/// artifacts being those of its last successful apply.
@Suite struct LocalDriverCommandStagesTests {
    static let stages: [any Stage] = [CertificatesStage(), SwarmStage(), PortainerStage(), StackDeployStage()]

    /// A local target and the applied artifacts per stage, as the engine keeps them between runs.
    final class Target: Sendable {
        let scratch: ScratchDirectory
        let driver: LocalDriver
        private let applied = LockedApplied()

        init() throws {
            scratch = try ScratchDirectory(prefix: "phoenix-stages-b")
            driver = LocalDriver(root: scratch.path + "/target")
        }

        func remove() { scratch.remove() }

        /// Renders every stage from `snapshot` and applies them in DAG order; records the renders of
        /// the stages that succeeded as their new "previous".
        func run(_ snapshot: ConfigSnapshot) async throws -> [StageID: StageOutcome] {
            let catalogue = StageCatalogue(LocalDriverCommandStagesTests.stages)
            let settings = {
                var settings = StageSettings()
                settings.allowedPostRenewalCommands = ["*"]  // this operator consents to every hook (issue #12)
                return settings
            }()
            let renders = Dictionary(uniqueKeysWithValues: catalogue.stages.map { ($0.id, $0.render(snapshot, settings: settings)) })
            let driver = self.driver
            let applied = self.applied
            let results = await StageRunner(catalogue: catalogue).run(
                Set(catalogue.ids), renders: renders,
                context: { stage in
                    StagesBFixtures.context(driver, snapshot, settings: settings, previous: applied.get(stage.id))
                },
                onResult: { result in
                    if result.outcome.succeeded, let render = renders[result.stage] { applied.set(result.stage, render.applied) }
                })
            return Dictionary(uniqueKeysWithValues: results.map { ($0.stage, $0.outcome) })
        }

        /// Journal lines from `index` on, as "<location>: argv".
        func journal(from index: Int = 0) throws -> [String] {
            try driver.journal().dropFirst(index).map { "\($0.location): " + $0.argv.joined(separator: " ") }
        }
    }

    /// Applied artifacts per stage, shared with the runner's callbacks.
    final class LockedApplied: Sendable {
        private let storage = Mutex<[StageID: [AppliedArtifact]]>([:])
        func get(_ id: StageID) -> [AppliedArtifact] { storage.withLock { $0[id] ?? [] } }
        func set(_ id: StageID, _ artifacts: [AppliedArtifact]) { storage.withLock { $0[id] = artifacts } }
    }

    static let swarmAndStackCommands = [
        "vm 310: docker swarm init --advertise-addr 10.20.0.50",
        "vm 310: docker network create --driver overlay --attachable traefik-public",
        "vm 320: docker swarm join --token <redacted> 10.20.0.50:2377",
        "vm 321: docker swarm join --token <redacted> 10.20.0.50:2377",
        "vm 310: docker node update --label-add storage=ssd --label-add zone=a swarm-worker-1",
        "vm 310: docker node update --label-add monitoring=true --label-add zone=b swarm-worker-2",
        "vm 310: docker secret create portainer_admin_password -",
        "vm 310: docker stack deploy --compose-file /mnt/stacks/portainer_service/docker-compose.production.yml --with-registry-auth production_portainer_service",
        "vm 320: docker run -d --name portainer_agent --restart always --hostname worker1-agent.lab.phoenix.test -p 9001:9001 "
            + "-v /var/run/docker.sock:/var/run/docker.sock -v /var/lib/docker/volumes:/var/lib/docker/volumes --label phoenix.spec=DIGEST portainer/agent:2.21.4",
        "vm 310: docker stack deploy --compose-file /mnt/stacks/monitoring/docker-compose.production.yml --with-registry-auth production_monitoring",
        "vm 310: docker stack deploy --compose-file /mnt/stacks/vector_db/docker-compose.production.yml --with-registry-auth production_vector_db",
    ]

    @Test func firstApplyJournalsTheSwarmAndStacksAndTheSecondJournalsNothing() async throws {
        let target = try Target()
        defer { target.remove() }
        let example = try StagesBFixtures.example()
        let first = try await target.run(example)
        #expect(first.values.allSatisfy { $0.succeeded }, "\(first)")

        let guestCommands = try target.journal().filter { !$0.hasPrefix("host:") }.map {
            $0.replacingOccurrences(of: #"phoenix\.spec=[0-9a-f]{64}"#, with: "phoenix.spec=DIGEST", options: .regularExpression)
        }
        #expect(guestCommands == Self.swarmAndStackCommands)
        // No probe was sent: nothing asked docker anything.
        #expect(guestCommands.allSatisfy { !$0.contains(" info ") && !$0.contains(" ls ") && !$0.contains(" inspect ") })
        // The secret's source file is not in the target: a note, not a failure.
        guard case .succeeded(let swarm) = first[.swarm] else { return }
        #expect(swarm.notes.contains { $0.hasPrefix("local driver: /etc/phoenix/secrets/portainer_admin_password is missing") })

        // Certificates: every entry issued once with the config's Step-CA settings, none produced.
        let steps = try target.driver.journal().filter { $0.argv.first == "step" }
        #expect(steps.count == 6)
        #expect(
            steps.first.map { Array($0.argv[6...]) } == [
                "--ca-url", "https://lab-ca.lab.phoenix.test:9000", "--root",
                "/mnt/pve/quickOS/lxc-persistent-data/230/ssl/phoenix_root_ca.crt", "--provisioner", "admin@lab.phoenix.test",
                "--provisioner-password-file", "/etc/phoenix/secrets/step_provisioner_password", "--not-after", "24h", "--force",
                "--san", "*.lab.phoenix.test", "--san", "lab.phoenix.test",
            ])
        guard case .succeeded(let certificates) = first[.certificates] else { return }
        #expect(certificates.notes.filter { $0.hasPrefix("local driver: issuer journalled, no certificate produced") }.count == 6)

        let before = try target.driver.journal().count
        let second = try await target.run(example)
        #expect(second.values.allSatisfy { if case .succeeded(let report) = $0 { !report.changedAnything } else { false } }, "\(second)")
        #expect(try target.journal(from: before) == [])
    }

    @Test func oneChangedLabelJournalsExactlyOneNodeUpdate() async throws {
        let target = try Target()
        defer { target.remove() }
        _ = try await target.run(try StagesBFixtures.example())

        let relabelled = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(&files, "config/phoenix_vm_configs.json", "\"zone=a\"", "\"zone=c\"")
        }
        var before = try target.driver.journal().count
        #expect(try await target.run(relabelled).values.allSatisfy { $0.succeeded })
        #expect(try target.journal(from: before) == ["vm 310: docker node update --label-add zone=c swarm-worker-1"])

        // Removing one: exactly one --label-rm, by hostname.
        let removed = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(&files, "config/phoenix_vm_configs.json", "\"zone=a\",\n                \"storage=ssd\"", "\"zone=c\"")
        }
        before = try target.driver.journal().count
        #expect(try await target.run(removed).values.allSatisfy { $0.succeeded })
        #expect(try target.journal(from: before) == ["vm 310: docker node update --label-rm storage swarm-worker-1"])

        before = try target.driver.journal().count
        _ = try await target.run(removed)
        #expect(try target.journal(from: before) == [])
    }

    @Test func onlyChangedStacksAgentsAndEntriesAreActedOn() async throws {
        let target = try Target()
        defer { target.remove() }
        _ = try await target.run(try StagesBFixtures.example())
        let edited = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(&files, "config/phoenix_stacks_config.json", "\"v1.12.4\"", "\"v1.13.0\"")
            try StagesBFixtures.replace(
                &files, "config/phoenix_hypervisor_config.json", "portainer/agent:2.21.4", "portainer/agent:2.22.0")
            try StagesBFixtures.replace(&files, "config/certificate-manifest.json", "docker restart registry", "docker restart registry-2")
        }
        let before = try target.driver.journal().count
        #expect(try await target.run(edited).values.allSatisfy { $0.succeeded })
        let lines = try target.journal(from: before).map {
            $0.replacingOccurrences(of: #"phoenix\.spec=[0-9a-f]{64}"#, with: "phoenix.spec=DIGEST", options: .regularExpression)
        }
        #expect(lines.filter { $0.contains("stack deploy") } == [
            "vm 310: docker stack deploy --compose-file /mnt/stacks/vector_db/docker-compose.production.yml --with-registry-auth production_vector_db"
        ])
        #expect(lines.filter { $0.hasPrefix("vm 320: docker") } == [
            "vm 320: docker rm -f portainer_agent",
            "vm 320: docker run -d --name portainer_agent --restart always --hostname worker1-agent.lab.phoenix.test -p 9001:9001 "
                + "-v /var/run/docker.sock:/var/run/docker.sock -v /var/lib/docker/volumes:/var/lib/docker/volumes --label phoenix.spec=DIGEST portainer/agent:2.22.0",
        ])
        let issued = try target.driver.journal().dropFirst(before).filter { $0.argv.first == "step" }.map { $0.argv[3] }
        #expect(issued == ["registry.lab.phoenix.test"])
        #expect(lines.contains("host: sh -c qm guest exec 321 -- docker restart registry-2"))
        #expect(!lines.contains { $0.contains("docker swarm") || $0.contains("docker node") || $0.contains("docker network") })
    }

    @Test func aCertificateTheIssuerReallyWroteIsVerifiedAsOnAnyTarget() async throws {
        // The local driver runs an allowlisted stand-in issuer here, so a file appears and is read back.
        let bed = try await IssuerBed()
        defer { bed.remove() }
        let snapshot = try bed.snapshot(entries: [("real", ["real.lab.test"])])
        var settings = bed.settings
        settings.certificateRenewBefore = 3 * 86_400  // longer than the stand-in's 2-day certificates
        let stage = CertificatesStage()
        await #expect {
            try await stage.apply(stage.render(snapshot, settings: settings), context: bed.context(snapshot, now: Date(), settings: settings))
        } throws: { error in
            "\(error)".contains("still needs renewal")
        }
    }

    @Test func aRemovedStackIsPrunedFromWhatWasAppliedWithoutAsking() async throws {
        let example = try StagesBFixtures.example()
        let withoutMonitoring = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(&files, "config/phoenix_vm_configs.json", "\"monitoring\"", "")
        }
        let driver = RecordingDriver(observesGuests: false)
        var settings = StageSettings()
        settings.pruneRemovedStacks = true
        let stage = StackDeployStage()
        let first = stage.render(example, settings: settings)
        _ = try await stage.apply(first, context: StagesBFixtures.context(driver, example, settings: settings))
        await driver.resetRecording()
        let report = try await stage.apply(
            stage.render(withoutMonitoring, settings: settings),
            context: StagesBFixtures.context(driver, withoutMonitoring, settings: settings, previous: first.applied))
        #expect(report.actions == [["docker", "stack", "rm", "production_monitoring"]])
        #expect(await driver.commands() == [["docker", "stack", "rm", "production_monitoring"]])
    }

    @Test func aNewManagerVMIsInitialisedAndAnAddressChangeIsOnlyANote() async throws {
        let example = try StagesBFixtures.example()
        let stage = SwarmStage()
        let render = stage.render(example, settings: StageSettings())
        let moved = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(&files, "config/phoenix_vm_configs.json", "\"ip\": \"10.20.0.50/24\"", "\"ip\": \"10.20.0.60/24\"")
        }
        let driver = RecordingDriver(observesGuests: false)
        let report = try await stage.apply(
            stage.render(moved, settings: StageSettings()), context: StagesBFixtures.context(driver, moved, previous: render.applied))
        #expect(report.actions.isEmpty)
        #expect(report.notes.contains { $0.contains("not re-initialised") })
        #expect(await driver.runCount == 0)

        // Another VM as manager: a new swarm there (init, network, secret); the workers' items are unchanged.
        let renumbered = try StagesBFixtures.example { files in
            try StagesBFixtures.replace(&files, "config/phoenix_vm_configs.json", "\"vmid\": 310,", "\"vmid\": 311,")
        }
        let other = RecordingDriver(observesGuests: false)
        let moved311 = try await stage.apply(
            stage.render(renumbered, settings: StageSettings()),
            context: StagesBFixtures.context(other, renumbered, previous: render.applied))
        #expect(moved311.actions == [
            ["docker", "swarm", "init", "--advertise-addr", "10.20.0.50"],
            ["docker", "network", "create", "--driver", "overlay", "--attachable", "traefik-public"],
            ["docker", "secret", "create", "portainer_admin_password", "-"],
        ])
        #expect(await other.commands(at: .vm(311)).count == 3)

        // A stopped manager matters only when something has to be sent to it.
        let stopped = RecordingDriver(guestStates: [.vm(310): .stopped], observesGuests: false)
        let idle = try await stage.apply(render, context: StagesBFixtures.context(stopped, example, previous: render.applied))
        #expect(!idle.changedAnything)
        await #expect(throws: StageError.self) {
            try await stage.apply(render, context: StagesBFixtures.context(stopped, example))
        }
    }
}
