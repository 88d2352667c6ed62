import Foundation

/// The bodies of the three notification formats, built from Codable types.
enum MessageFormats {
    /// Slack-compatible incoming webhook (Slack, Mattermost): `text` is the fallback line, the attachment
    /// carries colour, fields and the footer (Slack's "secondary attachments", which Mattermost renders too).
    struct Slack: Codable, Hashable {
        struct Attachment: Codable, Hashable {
            struct Field: Codable, Hashable {
                var title: String
                var value: String
                var short: Bool
            }

            var fallback: String
            var color: String
            var title: String
            var titleLink: String?
            var text: String
            var fields: [Field]
            var footer: String
            var ts: Int

            enum CodingKeys: String, CodingKey {
                case fallback, color, title, text, fields, footer, ts
                case titleLink = "title_link"
            }
        }

        var text: String
        var attachments: [Attachment]
    }

    /// Microsoft Teams (incoming webhook or Workflows "post to a channel when a webhook request is
    /// received"): a `message` whose one attachment is an Adaptive Card 1.4.
    struct Teams: Codable, Hashable {
        struct Attachment: Codable, Hashable {
            var contentType = "application/vnd.microsoft.card.adaptive"
            var content: Card
        }

        struct Card: Codable, Hashable {
            var schema = "http://adaptivecards.io/schemas/adaptive-card.json"
            var type = "AdaptiveCard"
            var version = "1.4"
            var body: [Element]
            var actions: [Action]?

            enum CodingKeys: String, CodingKey {
                case type, version, body, actions
                case schema = "$schema"
            }
        }

        struct Fact: Codable, Hashable {
            var title: String
            var value: String
        }

        /// A TextBlock or a FactSet (the fields of the other kind are left out).
        struct Element: Codable, Hashable {
            var type: String
            var text: String?
            var weight: String?
            var size: String?
            var color: String?
            var wrap: Bool?
            var facts: [Fact]?
        }

        struct Action: Codable, Hashable {
            var type = "Action.OpenUrl"
            var title: String
            var url: String
        }

        var type = "message"
        var attachments: [Attachment]
    }

    /// Good, warning or bad, for colours.
    static func tone(_ event: NotificationEventTone) -> (slack: String, teams: String) {
        switch event {
        case .good: ("good", "Good")
        case .warning: ("warning", "Warning")
        case .bad: ("danger", "Attention")
        }
    }

    static func slack(_ message: NotificationMessage) -> Slack {
        var fields = [
            Slack.Attachment.Field(
                title: "Commit", value: message.shortCommit + (message.commitSummary.map { " \($0)" } ?? ""), short: true),
            Slack.Attachment.Field(title: "Branch", value: message.branch, short: true),
        ]
        if !message.stages.isEmpty {
            fields.append(Slack.Attachment.Field(title: "Stages", value: stageText(message), short: false))
        }
        fields.append(Slack.Attachment.Field(title: "Run", value: message.runID, short: true))
        let attachment = Slack.Attachment(
            fallback: message.title + ": " + message.reason, color: tone(message.event.tone).slack, title: message.title,
            titleLink: message.statusURL, text: message.reason, fields: fields,
            footer: "phoenix-gitops/\(message.watcher) · \(message.repository)", ts: Int(message.at.timeIntervalSince1970))
        return Slack(text: message.title, attachments: [attachment])
    }

    static func teams(_ message: NotificationMessage) -> Teams {
        var facts = [
            Teams.Fact(title: "Commit", value: message.shortCommit + (message.commitSummary.map { " \($0)" } ?? "")),
            Teams.Fact(title: "Branch", value: message.branch),
        ]
        if !message.stages.isEmpty { facts.append(Teams.Fact(title: "Stages", value: stageText(message))) }
        facts.append(Teams.Fact(title: "Run", value: message.runID))
        facts.append(Teams.Fact(title: "Watcher", value: "phoenix-gitops/\(message.watcher)"))
        let body = [
            Teams.Element(
                type: "TextBlock", text: message.title, weight: "Bolder", size: "Medium",
                color: tone(message.event.tone).teams, wrap: true),
            Teams.Element(type: "TextBlock", text: message.reason, wrap: true),
            Teams.Element(type: "FactSet", facts: facts),
        ]
        let actions = message.statusURL.map { [Teams.Action(title: "Status", url: $0)] }
        return Teams(attachments: [Teams.Attachment(content: Teams.Card(body: body, actions: actions))])
    }

    static func stageText(_ message: NotificationMessage) -> String {
        message.stages.map { line in
            "\(line.stage): \(line.result)" + (line.detail.map { " (\($0))" } ?? "")
        }.joined(separator: "\n")
    }
}
