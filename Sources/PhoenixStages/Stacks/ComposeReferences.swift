import Yams

/// Files of the stack folder that `docker stack deploy` reads besides the compose file itself and
/// copies into the service or swarm specs: `services.*.env_file` (a string, a list of strings, or a
/// list of `{path: …}`), and `configs.*.file` / `secrets.*.file`. A change to one of them needs a
/// redeploy; other files of the folder (another environment's `.env`) do not.
enum ComposeReferences {
    /// Relative paths inside the stack folder (`configs/grafana.env`), sorted. Absolute paths and
    /// paths leaving the folder are not the stack's files and are left out.
    static func files(in document: Node) -> [String] {
        var paths: [String] = []
        if let services = document.mapping?["services"]?.mapping {
            for service in services.values {
                guard let envFile = service.mapping?["env_file"] else { continue }
                switch envFile {
                case .scalar(let scalar): paths.append(scalar.string)
                case .sequence(let sequence):
                    for element in sequence {
                        if let text = element.scalar?.string {
                            paths.append(text)
                        } else if let path = element.mapping?["path"]?.scalar?.string {
                            paths.append(path)
                        }
                    }
                default: continue
                }
            }
        }
        for section in ["configs", "secrets"] {
            guard let entries = document.mapping?[section]?.mapping else { continue }
            for entry in entries.values {
                if let file = entry.mapping?["file"]?.scalar?.string { paths.append(file) }
            }
        }
        return Array(Set(paths.compactMap(normalise))).sorted()
    }

    /// `./configs/x.env` → `configs/x.env`; nil for absolute paths or paths with `..`.
    private static func normalise(_ path: String) -> String? {
        guard !path.hasPrefix("/") else { return nil }
        let parts = path.split(separator: "/").filter { $0 != "." }
        guard !parts.isEmpty, !parts.contains("..") else { return nil }
        return parts.joined(separator: "/")
    }
}
