import PhoenixCore

/// Diagnostic codes of the command-driven stages (certificates, swarm, portainer, stack-deploy).
extension DiagnosticCode {
    /// A certificate manifest entry that cannot be acted on (no CN, no or unsafe paths, bad mode).
    public static let invalidCertificateEntry: DiagnosticCode = "invalid-certificate-entry"
    /// A `step_ca` value the certificates stage cannot use (an option-like value, a bad `renew_before`).
    public static let invalidStepCASetting: DiagnosticCode = "invalid-step-ca-setting"
    /// A host path from the configuration outside the roots the operator set for it in the settings
    /// (`certificateRoots`, `hostSecretRoots`); nothing is read or written there.
    public static let pathOutsideRoots: DiagnosticCode = "path-outside-roots"
    /// Two certificate entries write the same certificate or key file.
    public static let duplicateCertificatePath: DiagnosticCode = "duplicate-certificate-path"
    /// A `swarm_role` other than `manager`/`worker`, or a swarm node without name or address.
    public static let invalidSwarmNode: DiagnosticCode = "invalid-swarm-node"
    /// A node label that is not `key=value`, or a key given twice with different values.
    public static let invalidNodeLabel: DiagnosticCode = "invalid-node-label"
    /// A `${NAME}` in a compose file with no variable of that name in the deployed environment.
    public static let undefinedStackVariable: DiagnosticCode = "undefined-stack-variable"
    /// Traefik labels for a service that the compose file does not define.
    public static let unknownComposeService: DiagnosticCode = "unknown-compose-service"
    /// The stacks config and the stack's `phoenix.json` disagree on a service's Traefik labels.
    public static let conflictingTraefikLabels: DiagnosticCode = "conflicting-traefik-labels"
    /// A stack folder already holds a file with the name of the rendered compose file.
    public static let renderedComposeNameTaken: DiagnosticCode = "rendered-compose-name-taken"
    /// A Portainer role that cannot be deployed (several primaries, an agent without image or hostname).
    public static let invalidPortainerRole: DiagnosticCode = "invalid-portainer-role"
}
