import ArgumentParser

/// `plan --format`: the text and JSON of every command, plus markdown for a pull-request comment.
enum PlanFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json, markdown
}
