import Foundation

extension ConfigLoader.Run {
    /// Adds the stacks named by `compose_file_path` to the folder stacks (docs/real-data.md):
    ///
    /// - a path that is absolute, has `..`, names no folder or passes through a symlink is an error;
    /// - a name that also has a `stacks/<name>/` folder: the same stack when the path points into that
    ///   folder; an error naming both places when the path names an existing file elsewhere; otherwise the
    ///   stale path is a warning and the folder is the stack;
    /// - two stacks in one folder (or one inside another's) are an error;
    /// - a missing compose file is a warning: the stack has its folder's files but cannot be deployed.
    mutating func loadComposePathStacks(joining folderStacks: [Stack], document: JSONValue?) -> [Stack] {
        let configFile = layout.path(of: .stacksConfig)
        reportUnsafeComposePaths(document, file: configFile)
        var stacks = folderStacks
        for entry in ComposePathStacks.entries(document, layout: layout) {
            let origin = ValueOrigin(
                file: configFile, pointer: entry.pointer, location: document?.location(of: entry.pointer) ?? .start)
            let linked: String?
            do {
                linked = try source.symbolicLinkComponent(of: entry.composePath)
            } catch {
                linked = nil
            }
            if let linked {
                diagnose(.error, .unsafeComposePath, origin, "compose_file_path \"\(entry.written)\" of stack \(entry.name) passes through the symbolic link \(linked); name the real path")
                continue
            }
            let composeBytes = read(entry.composePath)
            if let folderStack = stacks.first(where: { $0.name == entry.name && $0.definedBy == nil }) {
                if entry.folder == folderStack.path { continue }  // the same stack, named both ways consistently
                if composeBytes != nil {
                    diagnose(.error, .stackDefinedTwice, origin, "stack \(entry.name) is defined twice: by the folder \(folderStack.path)/ and by compose_file_path \(entry.composePath); keep one")
                } else {
                    diagnose(.warning, .composeFileMissing, origin, "compose_file_path \(entry.composePath) of stack \(entry.name) does not exist; the folder \(folderStack.path)/ is the stack")
                }
                continue
            }
            let overlapsConfig = !layout.configPath.isEmpty && Self.overlaps(layout.configPath, entry.folder)
            let coversStacks =
                !layout.stacksPath.isEmpty
                && (entry.folder == layout.stacksPath || layout.stacksPath.hasPrefix(entry.folder + "/"))
            if overlapsConfig || coversStacks {
                let reserved = overlapsConfig ? layout.configPath : layout.stacksPath
                diagnose(.error, .unsafeComposePath, origin, "compose_file_path \(entry.composePath) of stack \(entry.name) makes \(entry.folder)/ a stack folder, which overlaps \(reserved)/; put the stack in a folder of its own")
                continue
            }
            if let other = stacks.first(where: { Self.overlaps($0.path, entry.folder) }) {
                diagnose(.error, .stackDefinedTwice, origin, "stack \(entry.name) would live in \(entry.folder)/, which overlaps the folder \(other.path)/ of stack \(other.name); each stack needs its own folder")
                continue
            }
            stacks.append(loadComposePathStack(entry, origin: origin, composeBytes: composeBytes))
        }
        return stacks.sorted { $0.name < $1.name }
    }

    private mutating func loadComposePathStack(_ entry: ComposePathStacks.Entry, origin: ValueOrigin, composeBytes: Data?) -> Stack {
        let stackFiles = readStackFiles(
            under: entry.folder, known: composeBytes.map { [entry.composePath: $0] } ?? [:])
        for file in stackFiles {
            files[file.path] = ConfigFileContent(path: file.path, kind: nil, bytes: file.bytes, json: nil)
        }
        var stack = Stack(
            name: entry.name, path: entry.folder, composeBytes: composeBytes, composePath: composeBytes == nil ? nil : entry.composePath,
            compose: nil, manifest: nil, manifestJSON: nil, files: stackFiles, definedBy: origin,
            namedComposePath: entry.composePath)
        if let composeBytes {
            do {
                stack.compose = try YAMLParser.parse(composeBytes, maxBytes: options.maxBytes, budget: limits.yamlBudget)
            } catch {
                report(.error, DiagnosticCode(error.code), entry.composePath, nil, error.location, error.message)
            }
        } else {
            diagnose(.warning, .composeFileMissing, origin, "compose_file_path \(entry.composePath) of stack \(entry.name) does not exist; the stack cannot be deployed until it does")
        }
        return stack
    }

    /// Unsafe `compose_file_path` values, each an error at its pointer.
    private mutating func reportUnsafeComposePaths(_ document: JSONValue?, file: String) {
        guard let stacks = document?["docker_stacks"]?.objectValue else { return }
        for member in stacks.members {
            guard let written = member.value["compose_file_path"]?.stringValue,
                let problem = ComposePathStacks.problem(written)
            else { continue }
            let pointer = JSONPointer(tokens: ["docker_stacks", member.key, "compose_file_path"])
            report(
                .error, .unsafeComposePath, file, pointer, document?.location(of: pointer),
                "compose_file_path \"\(written)\" of stack \(member.key) \(problem)")
        }
    }

    private mutating func diagnose(_ severity: Severity, _ code: DiagnosticCode, _ origin: ValueOrigin, _ message: String) {
        report(severity, code, origin.file, origin.pointer, origin.location, message)
    }

    /// Whether one folder is the other or inside it.
    static func overlaps(_ a: String, _ b: String) -> Bool {
        a == b || a.hasPrefix(b + "/") || b.hasPrefix(a + "/")
    }
}
