import Foundation
import PhoenixCore
import PhoenixDrivers
import PhoenixEngine
import PhoenixGit
import PhoenixPlanner
import PhoenixStages

/// Compares the target with what each stage last applied: every rendered file at its destination
/// (read through the driver, against the applied SHA-256; a unified diff against the stage's render
/// at its watermark when that render still gives the applied bytes), then the stage's observed state
/// (`Stage.observe`, with the same render). Read-only: it writes nothing and changes nothing.
///
/// Files only ever rendered and applied by the stage are checked: a file in a managed folder that the
/// stage never wrote is not the stage's and is neither reported nor touched.
struct DriftChecker {
    let repository: Repository
    let catalogue: StageCatalogue
    let settings: StageSettings
    let layout: ConfigLayout
    let driver: any HostDriver
    let now: Date
    /// Receives one line per notable finding.
    let log: @Sendable (String) -> Void
    /// Where each stage's host files are (the nodes of a cluster, ADR 0047); the watcher's host by default.
    var selection: @Sendable (any Stage) -> HostSelection = { _ in .watcher }
    /// Receives each stage's result as soon as it is checked (progress lines of `drift`).
    var checked: @Sendable (StageDrift) -> Void = { _ in }
    /// Parsed files by blob id, shared with the runs: a watermark's configuration is parsed once per process.
    var documents: ParsedBlobCache?

    /// Longest diff kept per file, in lines; the rest is summarised.
    static let maxDiffLines = 400

    /// Checks every stage of the catalogue against `state`; `only` limits the stages checked (the
    /// others are `not-checked`).
    func check(_ state: EngineState, only: Set<StageID>? = nil) async -> (stages: [StageDrift], errors: [String]) {
        var snapshots: [ObjectID: ConfigSnapshot?] = [:]
        var guests = GuestStates(driver: driver)
        var results: [StageDrift] = []
        var errors: [String] = []
        for stage in catalogue.stages {
            let saved = state.stage(stage.id)
            guard only?.contains(stage.id) ?? true else {
                results.append(StageDrift(stage: stage.id, status: .notChecked, commit: saved.appliedCommit, notes: ["not asked for"]))
                continue
            }
            guard let commit = saved.appliedCommit else {
                let note = saved.lastResult.map { "never applied successfully (last result: \($0.result.rawValue))" }
                results.append(StageDrift(stage: stage.id, status: .notChecked, notes: [note ?? "never applied"]))
                continue
            }
            // A stage that failed at another commit may be half-way between two; the reconciler retries
            // it. One that failed re-applying its own watermark (a self-heal) is checked again.
            if saved.needsRetry, saved.lastResult?.commit != commit {
                results.append(
                    StageDrift(
                        stage: stage.id, status: .notChecked, commit: commit,
                        notes: ["its last apply failed at \(saved.lastResult?.commit.short ?? "?"); the reconciler retries it"]))
                continue
            }
            if snapshots[commit] == nil {
                let loaded = ConfigLoader.load(
                    from: GitConfigSource(repository: repository, commit: commit, limits: .default, documents: documents),
                    layout: layout)
                snapshots[commit] = .some(loaded.hasErrors ? nil : loaded.snapshot)
            }
            guard let snapshot = snapshots[commit] ?? nil else {
                let message = "\(stage.id): the configuration at its watermark \(commit.short) cannot be loaded from the mirror"
                errors.append(message)
                results.append(StageDrift(stage: stage.id, status: .unknown, commit: commit, notes: [message]))
                continue
            }
            let result = await check(stage, saved: saved, commit: commit, snapshot: snapshot, guests: &guests)
            checked(result)
            results.append(result)
        }
        return (results, errors)
    }

    private func check(
        _ stage: any Stage, saved: StageState, commit: ObjectID, snapshot: ConfigSnapshot, guests: inout GuestStates
    ) async -> StageDrift {
        let render = stage.render(snapshot, settings: settings)
        var entry = StageDrift(stage: stage.id, status: .inSync, commit: commit)
        let rendered = Dictionary(render.artifacts.map { ($0.key, $0) }) { first, _ in first }
        if Set(render.applied) != Set(saved.artifacts.map(\.applied)) {
            entry.notes.append(
                "its render at \(commit.short) differs from what was applied there (settings changed since?); "
                    + "files are compared with the applied digests, without a diff where the bytes are not known")
        }
        // The stage's own roots: drift reads only what the stage may touch, without following symlinks.
        let driver = self.driver.confined(to: stage.roots(settings))
        // Host files are read on every node the stage applies to; guest files where the guest runs.
        var hosts: [HostTarget] = [HostTarget(node: nil, driver: driver)]
        do {
            hosts = try await driver.hostTargets(selection(stage))
        } catch {
            entry.items.append(.unknown(.host, "\(stage.id) host files", "not checked: \(driver.redactor.text("\(error)"))"))
            hosts = []
        }
        let labelled = hosts.count > 1 || hosts.first?.node != nil
        for record in saved.artifacts where record.kind == .file {
            let readers = record.location == .host ? hosts : [HostTarget(node: nil, driver: driver)]
            for reader in readers {
                entry.filesChecked += 1
                if var item = await compare(
                    record, expected: rendered[record.applied.key], stage: stage, commit: commit, driver: reader.driver,
                    guests: &guests)
                {
                    if labelled, record.location == .host, let node = reader.node {
                        item.object += " (node \(node))"
                    }
                    entry.items.append(item)
                }
            }
        }
        if !render.hasErrors {
            let context = StageContext(
                driver: driver, settings: settings, snapshot: snapshot, previous: saved.artifacts.map(\.applied), now: now,
                log: log)
            do {
                entry.items += try await stage.observe(render, context: context)
            } catch {
                entry.items.append(.unknown(.host, "\(stage.id) observed state", "not checked: \(driver.redactor.text("\(error)"))"))
            }
        } else {
            entry.notes.append("its render at \(commit.short) has errors; only its files were compared")
        }
        entry.status = StageDrift.status(of: entry.items)
        for item in entry.items where item.state == .drifted {
            log("\(stage.id): drift at \(item.key): \(item.message)")
        }
        return entry
    }

    /// One applied file against its destination.
    private func compare(
        _ record: ArtifactRecord, expected: Artifact?, stage: any Stage, commit: ObjectID, driver: any HostDriver,
        guests: inout GuestStates
    ) async -> DriftItem? {
        let location = record.location
        if let state = await guests.state(of: location), state != .running {
            return .unknown(location, record.path, "\(location) is \(state); not checked")
        }
        let found: Data?
        do {
            found = try await driver.readFile(record.path, at: location)
        } catch DriverError.guestUnavailable(_, let state) {
            return .unknown(location, record.path, "\(location) is \(state); not checked")
        } catch {
            return .unknown(location, record.path, "could not be read: \(driver.redactor.text("\(error)"))")
        }
        guard let found else {
            return DriftItem(
                state: .drifted, location: location, object: record.path, message: "missing (removed since it was applied)",
                diff: diff(expected, nil, record, commit), appliedSHA256: record.sha256)
        }
        // Only the stage's part of a shared file (cluster.fw) counts, and only it is shown.
        let owned = stage.ownedPart(of: found, at: record.applied.key)
        let foundDigest = Artifact.sha256(owned)
        guard foundDigest != record.sha256 else { return nil }
        return DriftItem(
            state: .drifted, location: location, object: record.path, message: "modified since it was applied",
            diff: diff(expected, owned, record, commit), appliedSHA256: record.sha256, foundSHA256: foundDigest)
    }

    /// The unified diff applied → found, redacted and bounded; nil when the applied bytes are not
    /// known (the render at the watermark no longer gives them).
    private func diff(_ expected: Artifact?, _ found: Data?, _ record: ArtifactRecord, _ commit: ObjectID) -> String? {
        guard let expected, expected.digest == record.sha256 else { return nil }
        let text = UnifiedDiff.text(
            old: expected.contents, new: found, oldLabel: "applied/\(record.location)\(record.path) (\(commit.short))",
            newLabel: "target/\(record.location)\(record.path)")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        var bounded = lines.prefix(Self.maxDiffLines).joined(separator: "\n") + "\n"
        if lines.count > Self.maxDiffLines {
            bounded += "… \(lines.count - Self.maxDiffLines) more line(s) of diff not shown\n"
        }
        return driver.redactor.text(bounded)
    }
}

/// Guest states asked once per check (a `pct status` per file would be wasteful).
private struct GuestStates {
    let driver: any HostDriver
    private var known: [Location: GuestState] = [:]

    init(driver: any HostDriver) { self.driver = driver }

    /// The guest's state (nil for the host); an error reads as `unknown`.
    mutating func state(of location: Location) async -> GuestState? {
        guard location != .host else { return nil }
        if let state = known[location] { return state }
        let state: GuestState
        do {
            state = try await driver.guestState(location)
        } catch {
            state = .unknown(driver.redactor.text("\(error)"))
        }
        known[location] = state
        return state
    }
}
