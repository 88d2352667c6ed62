/// Validates a whole configuration and reports every problem in one run.
///
/// Errors mean "cannot render safely" (unparsable files, wrong types, duplicate ids/IPs, invalid
/// addresses or ports, references to guests or stacks that do not exist, unsafe stack names, ambiguous
/// duplicate keys). Warnings flag risks and dead weight (plaintext secrets, duplicate firewall rules,
/// Traefik on DHCP guests, odd swarm manager counts, keys sync ignores, legacy role fallback).
///
/// Validation takes any `ConfigSource`: a folder today, a git commit (`--at REV`) through the
/// git-backed source.
public enum ConfigValidator {
    /// Loads `layout` from `source` and validates it.
    public static func validate(
        source: any ConfigSource, layout: ConfigLayout = .default, options: JSONParserOptions
    ) -> ValidationReport {
        validate(ConfigLoader.load(from: source, layout: layout, options: options))
    }

    /// Loads `layout` from `source` within `limits` and validates it.
    public static func validate(
        source: any ConfigSource, layout: ConfigLayout = .default, limits: InputLimits = .default
    ) -> ValidationReport {
        validate(ConfigLoader.load(from: source, layout: layout, limits: limits))
    }

    /// Validates an already loaded configuration: the load findings plus every semantic check.
    public static func validate(_ result: LoadResult) -> ValidationReport {
        var findings = Findings(files: Dictionary(result.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first }))
        for diagnostic in result.diagnostics { findings.append(diagnostic) }
        // File-level checks work on whatever parsed, even when the snapshot could not be built.
        SecretChecks.run(files: result.files, into: &findings)
        IgnoredKeyChecks.run(files: result.files, into: &findings)
        if let snapshot = result.snapshot {
            GuestChecks.run(snapshot, into: &findings)
            AddressChecks.run(snapshot, into: &findings)
            FirewallChecks.run(snapshot, into: &findings)
            ReferenceChecks.run(snapshot, into: &findings)
            RoleChecks.run(snapshot, into: &findings)
        }
        return ValidationReport(diagnostics: findings.diagnostics, snapshot: result.snapshot)
    }
}
