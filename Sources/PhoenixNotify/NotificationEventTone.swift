import PhoenixEngine

/// How an event reads at a glance (the colour of Slack and Teams messages).
enum NotificationEventTone {
    case good, warning, bad
}

extension NotificationEvent {
    var tone: NotificationEventTone {
        switch self {
        case .runRecovered, .driftHealed, .certificateRenewed: .good
        case .driftDetected, .selfHealStopped: .warning
        case .runFailed, .tipRefused: .bad
        }
    }
}
