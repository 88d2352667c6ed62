import PhoenixCore
import PhoenixStages

/// `validate` as the CLI and the pre-receive hook run it (ADR 0020): the configuration's own checks,
/// then, when they pass, every stage's render, whose errors become findings too.
///
/// Without the renders a push could pass the gate and then fail its stages on every retry (a newline in
/// `domain_name`, `iface: "net0#x"`, a Traefik service name with `}`, a DNS name outside the domain).
/// Renders are pure, so this reads nothing but the configuration. They run only on a configuration
/// without errors: the engine never renders anything else, and the config errors come first.
public enum RenderingValidator {
    /// Loads and validates `source` within the settings' layout and limits, then renders every stage of
    /// `catalogue` with the settings' stage settings.
    public static func validate(
        source: any ConfigSource, settings: WatcherSettings, catalogue: StageCatalogue = .standard
    ) -> ValidationReport {
        let report = ConfigValidator.validate(source: source, layout: settings.layout, limits: settings.limits)
        return addingRenderErrors(to: report, settings: settings.stages, catalogue: catalogue)
    }

    /// `report` with the error findings of every stage's render of its snapshot (each message starts
    /// with the stage id), unless the report has errors already or no snapshot.
    public static func addingRenderErrors(
        to report: ValidationReport, settings: StageSettings, catalogue: StageCatalogue = .standard
    ) -> ValidationReport {
        guard !report.hasErrors, let snapshot = report.snapshot else { return report }
        var diagnostics = report.diagnostics
        var seen = Set(diagnostics)
        for stage in catalogue.stages {
            for var finding in stage.render(snapshot, settings: settings).diagnostics where finding.severity == .error {
                let prefix = "\(stage.id.rawValue): "
                if !finding.message.hasPrefix(prefix) { finding.message = prefix + finding.message }
                if seen.insert(finding).inserted { diagnostics.append(finding) }
            }
        }
        return ValidationReport(diagnostics: diagnostics, snapshot: snapshot)
    }
}
