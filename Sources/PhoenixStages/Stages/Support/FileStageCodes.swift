import PhoenixCore

/// Diagnostic codes of the file-rendering stages (dns, firewall, traefik, nginx-gateway, trusted-ca,
/// stack-files). Stable ids: scripts match on them.
extension DiagnosticCode {
    /// A stage needs a value that the configuration does not give (domain, host address, a role's
    /// address); the stage cannot render.
    public static let stageMissingInput: DiagnosticCode = "stage-missing-input"
    /// A value that cannot be written into the target format safely (whitespace in a firewall field,
    /// a host name with invalid characters); the value or the whole rule is left out.
    public static let unrenderableValue: DiagnosticCode = "unrenderable-value"
    /// A DNS name outside `domain_name` and the setting `dnsExtraZones`, or a single-label name; no
    /// record is rendered and the stage cannot apply (ADR 0020).
    public static let dnsNameOutsideZone: DiagnosticCode = "dns-name-outside-zone"
    /// A record or route was left out on purpose (DHCP guest, routed elsewhere, duplicate name).
    public static let renderSkipped: DiagnosticCode = "render-skipped"
    /// A stage is switched off by the configuration and manages nothing.
    public static let stageDisabled: DiagnosticCode = "stage-disabled"
    /// A documented default was used because the configuration does not say (certificate paths).
    public static let renderDefaultUsed: DiagnosticCode = "render-default-used"
}
