import ArgumentParser
import Foundation
import Logging
import PhoenixEngine
import PhoenixExample
import PhoenixGit
import PhoenixPlanner
import PhoenixReconciler
import PhoenixStages

/// What the engine commands share: logging, the embedded default repository, and the reconciler
/// configuration of the effective settings.
enum EngineSetup {
    /// swift-log to stderr, once per process; `PHOENIX_LOG_LEVEL` (trace … critical) overrides `level`.
    static func logger(_ label: String = "phoenix-gitops", level: Logger.Level = .info) -> Logger {
        _ = bootstrapped
        var logger = Logger(label: label)
        let environment = ProcessInfo.processInfo.environment["PHOENIX_LOG_LEVEL"]
        logger.logLevel = environment.flatMap(Logger.Level.init(rawValue:)) ?? level
        return logger
    }

    /// `PHOENIX_LOG_FORMAT=json` (what `--log-format json` sets) logs JSON lines, else text.
    private static let bootstrapped: Void = {
        if ProcessInfo.processInfo.environment["PHOENIX_LOG_FORMAT"] == "json" {
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        } else {
            LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
        }
    }()

    /// The bundled example (config/, stacks/, hooks/).
    static var example: ConfigRepositoryBootstrap.Example {
        ConfigRepositoryBootstrap.Example(
            configDirectory: ExampleConfiguration.configDirectory, stacksDirectory: ExampleConfiguration.stacksDirectory,
            hooksDirectory: ExampleConfiguration.hooksDirectory)
    }

    /// The reconciler configuration of `settings` with the standard stages and planner. With no
    /// `repo`, the embedded `<state-dir>/config.git` is created from the bundled example first.
    static func configuration(_ settings: WatcherSettings, logger: Logger) throws -> ReconcilerConfiguration {
        try checkLocalRepository(settings)
        let configuration = try ReconcilerConfiguration.make(
            settings: settings, catalogue: .standard, planner: StandardRunPlanner(), logger: logger)
        if settings.repo == nil {
            let created = try ConfigRepositoryBootstrap.ensureEmbedded(
                settings: settings, example: example, author: configuration.author,
                hookSettings: hookSettings(settings))
            if created {
                logger.notice(
                    "created the embedded config repository from the bundled example",
                    metadata: ["repository": "\(settings.embeddedRepository.path)"])
                logger.notice(
                    "clone it, edit, push: git clone \(settings.embeddedRepository.path) phoenix-config")
            }
        }
        // The demo set-up (local driver, its default target folder) gets the example CA's public root, so
        // `init DIR` then `watch --repo DIR` applies trusted-ca on the first run as the embedded default
        // does. A target root the operator chose is never seeded (docs/adr/0041-operator-rough-edges.md).
        if settings.driver == .local, settings.repo == nil || settings.targetRoot == nil {
            try seedLocalTarget(settings.resolvedTargetRoot, logger: logger)
        }
        return configuration
    }

    /// A `--repo` that is a local path (no URL scheme, not `host:path`) must exist: libgit2 would say
    /// "unsupported URL protocol" about a typo. The message names the path and the next step.
    static func checkLocalRepository(_ settings: WatcherSettings) throws {
        guard let repo = settings.repo else { return }
        var path = repo
        if repo.hasPrefix("file://") {
            path = String(repo.dropFirst("file://".count))
        } else if repo.contains("://") || (repo.contains(":") && !repo.hasPrefix("/") && !repo.hasPrefix(".")) {
            return
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard !FileManager.default.fileExists(atPath: absolute) else { return }
        throw ValidationErrorText(
            "--repo \(repo): no repository there (\(absolute) does not exist). Create one with "
                + "`phoenix-gitops init \(repo)`, or pass a URL (file://, ssh://, https://, git://).")
    }

    /// Copies the bundled seed files (the example CA's public root) into the local target where they
    /// are absent; never overwrites, so an operator's own files win.
    static func seedLocalTarget(_ root: URL, logger: Logger) throws {
        let seed = ExampleConfiguration.seedTargetDirectory
        let fileManager = FileManager.default
        guard let walker = fileManager.enumerator(at: seed, includingPropertiesForKeys: [.isRegularFileKey]) else { return }
        for case let file as URL in walker where (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            let relative = String(file.standardizedFileURL.path.dropFirst(seed.standardizedFileURL.path.count))
            let destination = root.appendingPathComponent(relative)
            guard !fileManager.fileExists(atPath: destination.path) else { continue }
            try fileManager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fileManager.copyItem(at: file, to: destination)
            logger.notice("seeded the local target", metadata: ["file": "\(relative)"])
        }
    }

    /// `git config phoenix.*` for the installed hooks: this executable (hooks run with a minimal
    /// PATH), the layout, and the user allowed to push the status branch: the one creating the
    /// repository, who is the watcher's user in the embedded default and in `init`'s usual set-up
    /// (pre-receive refuses status-branch pushes by anyone else; docs/hooks.md).
    static func hookSettings(_ settings: WatcherSettings) -> [String: String] {
        var values = [
            "configPath": settings.configPath, "stacksPath": settings.stacksPath, "statusBranch": settings.statusBranch,
        ]
        let user = NSUserName()
        if !user.isEmpty, !user.contains("\n") { values["statusPusher"] = user }
        if let executable = currentExecutable() { values["binary"] = executable }
        return values
    }

    /// The running executable's absolute path (`/proc/self/exe` on Linux).
    static func currentExecutable() -> String? {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return Bundle.main.executablePath
    }

    /// The stages `--stage` names (nil when none), or a usage error naming the unknown ones and the
    /// known ones, worded the same in every command that takes `--stage`.
    static func stages(_ names: [String], in catalogue: StageCatalogue) throws -> Set<StageID>? {
        guard !names.isEmpty else { return nil }
        let only = Set(names.map(StageID.init(rawValue:)))
        let unknown = only.subtracting(catalogue.ids)
        guard unknown.isEmpty else {
            throw ValidationError(
                "--stage: no such stage \(unknown.map(\.rawValue).sorted().joined(separator: ", ")) "
                    + "(stages: \(catalogue.ids.map(\.rawValue).joined(separator: ", ")))")
        }
        return only
    }

    /// Parses a duration option, or says what is wrong.
    static func seconds(_ text: String, option: String) throws -> Double {
        do {
            return try DurationText.parse(text)
        } catch {
            throw ValidationErrorText("--\(option): \(error)")
        }
    }
}

/// A usage error with a message (ArgumentParser prints it with the usage).
struct ValidationErrorText: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
