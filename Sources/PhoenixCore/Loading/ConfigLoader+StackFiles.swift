import Foundation

extension ConfigLoader.Run {
    /// Every file of the stack in `folder`, read within the stack limits (depth, file count, bytes) and
    /// the commit budget; `known` holds files already read (a compose file named by
    /// `compose_file_path`), which count against the stack's bytes but are not read twice.
    ///
    /// Both stack kinds, folders under `stacks/` and stacks named by `compose_file_path`, go through
    /// here, so neither can pass the bounds of ADR 0019.
    mutating func readStackFiles(under folder: String, known: [String: Data] = [:]) -> [StackFile] {
        var stackFiles: [StackFile] = []
        var stackBytes = 0
        do {
            let paths = try source.allFiles(
                under: folder, maxDepth: limits.maxStackDepth, maxFiles: limits.maxStackFiles)
            for path in paths {
                let bytes: Data
                if let already = known[path] {
                    bytes = already
                } else if let read = read(path, stackBudget: limits.maxStackBytes - stackBytes) {
                    bytes = read
                } else {
                    // Over a budget: the finding is reported once, the rest of the stack is skipped.
                    if diagnostics.last?.code == .stackTooLarge || commitBudgetSpent { break }
                    continue
                }
                stackBytes += bytes.count
                let relative = String(path.dropFirst(folder.count + 1))
                stackFiles.append(StackFile(path: path, relativePath: relative, bytes: bytes))
            }
        } catch let error as ConfigSourceError {
            switch error.kind {
            case .tooDeep(let limit):
                report(
                    .error, .stackTooDeep, folder, nil, nil,
                    "folders nested more than \(limit) levels below the stack folder, at "
                        + "\(Self.abbreviated(error.path)); the stack is not read (limits.max_stack_depth)")
            case .tooManyFiles(let limit):
                report(
                    .error, .tooManyFiles, folder, nil, nil,
                    "more than \(limit) files in the stack folder; the stack is not read (limits.max_stack_files)")
            default:
                report(.error, .unreadableFile, folder, nil, nil, "cannot list stack files: \(error.message)")
            }
        } catch {
            report(.error, .unreadableFile, folder, nil, nil, "cannot list stack files: \(error)")
        }
        return stackFiles
    }
}
