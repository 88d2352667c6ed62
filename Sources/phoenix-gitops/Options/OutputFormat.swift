import ArgumentParser

/// `--format text|json` of the commands whose output is data.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}
