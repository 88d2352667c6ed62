import Foundation

/// The `phoenix-gitops` executable built with this test bundle, for tests that run it as a separate
/// process (the git hooks call it by path).
///
/// PhoenixCLITests depends on the `phoenix-gitops` target, so `swift build --build-tests` builds the
/// executable product into the same products folder as the test bundle (`.build/<triple>/debug/`, or
/// the folder of any `--scratch-path`). It is looked for, in order:
/// 1. next to the running test executable (`CommandLine.arguments[0]`, Linux) and next to, or one
///    level above, the `.xctest` bundle (`Bundle.main` / `Bundle.allBundles`, macOS);
/// 2. `<package root>/.build/debug/phoenix-gitops`, the package root computed from `#filePath`.
enum BuiltExecutable {
    /// Why the executable could not be found (with the places tried).
    struct NotFound: Error, CustomStringConvertible {
        let tried: [String]
        var description: String {
            "phoenix-gitops executable not found (build it with `swift build --build-tests`); tried: "
                + tried.joined(separator: ", ")
        }
    }

    /// The package root: this file is `<root>/Tests/PhoenixCLITests/BuiltExecutable.swift`.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The absolute path of the executable.
    static func phoenixGitops() throws -> URL {
        var folders: [URL] = []
        if let first = CommandLine.arguments.first, first.contains("/") {
            folders.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for bundle in [Bundle.main] + Bundle.allBundles {
            folders.append(bundle.bundleURL)
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        folders.append(packageRoot.appendingPathComponent(".build/debug"))
        var tried: [String] = []
        for folder in folders {
            let candidate = folder.appendingPathComponent("phoenix-gitops")
            guard !tried.contains(candidate.path) else { continue }
            tried.append(candidate.path)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate.path)
            {
                return candidate.standardizedFileURL
            }
        }
        throw NotFound(tried: tried)
    }
}
