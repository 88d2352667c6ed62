import PhoenixDrivers

extension RunReport {
    /// The report with every free-text field passed through `redactor` (PEM blocks, swarm tokens,
    /// `password=…` assignments, literal secrets) and the repository URL's userinfo removed. Applied
    /// before a report is stored anywhere: state.json, the status branch, logs.
    public func redacted(using redactor: Redactor) -> RunReport {
        var copy = self
        copy.source.repository = Redacted.url(redactor.text(source.repository))
        copy.source.summary = source.summary.map(redactor.text)
        copy.trigger.detail = trigger.detail.map(redactor.text)
        copy.coalesced = coalesced.map { trigger in
            var trigger = trigger
            trigger.detail = trigger.detail.map(redactor.text)
            return trigger
        }
        copy.signature?.reason = signature.map { redactor.text($0.reason) } ?? ""
        copy.changedPaths = changedPaths.map(redactor.text)
        copy.findings = findings.map { finding in
            var finding = finding
            finding.message = redactor.text(finding.message)
            return finding
        }
        copy.notices = notices.map(redactor.text)
        copy.errors = errors.map { Redacted.url(redactor.text($0)) }
        copy.stages = stages.map { stage in
            var stage = stage
            stage.reasons = stage.reasons.map(redactor.text)
            stage.written = stage.written.map(redactor.text)
            stage.removed = stage.removed.map(redactor.text)
            stage.actions = stage.actions.map(redactor.argv)
            stage.notes = stage.notes.map(redactor.text)
            stage.error = stage.error.map { Redacted.url(redactor.text($0)) }
            return stage
        }
        copy.drift = drift?.redacted(using: redactor)
        return copy
    }
}
