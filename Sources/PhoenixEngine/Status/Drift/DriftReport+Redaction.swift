import PhoenixDrivers

extension DriftReport {
    /// The report with every free-text field (messages, diffs, notes, errors) passed through `redactor`.
    /// The checker already redacts diffs and messages; this is the belt to that pair of braces, applied
    /// before the report is stored anywhere.
    public func redacted(using redactor: Redactor) -> DriftReport {
        var copy = self
        copy.errors = errors.map(redactor.text)
        copy.stages = stages.map { stage in
            var stage = stage
            stage.notes = stage.notes.map(redactor.text)
            if var heal = stage.heal {
                heal.message = redactor.text(heal.message)
                stage.heal = heal
            }
            stage.items = stage.items.map { item in
                var item = item
                item.message = redactor.text(item.message)
                item.diff = item.diff.map(redactor.text)
                return item
            }
            return stage
        }
        return copy
    }

    /// The report without any file content (diffs removed; digests kept): the form stored in
    /// state.json and recorded on the status branch. Diffs stay on the terminal of whoever runs
    /// `drift` (docs/adr/0018-secrets-and-ledger-trust.md).
    public var withoutContents: DriftReport {
        var copy = self
        copy.stages = stages.map { stage in
            var stage = stage
            stage.items = stage.items.map(\.withoutContents)
            return stage
        }
        return copy
    }
}
