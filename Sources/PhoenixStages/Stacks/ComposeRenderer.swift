import Foundation
import PhoenixCore
import Yams

/// Renders the deployable compose file of a stack for one environment, as `swarm-manager.sh deploy`
/// did, deterministically:
/// 1. `services.<svc>.deploy.labels` replaced by the service's `traefik_labels`.
/// 2. `${NAME}` variables substituted in scalar values, labels included (`ComposeVariables`).
/// 3. Re-emitted with Yams (2-space indent, no line wrapping, `\n`), after a header comment. Comments of
///    the source are lost (as with the original's yq); anchors are expanded.
///
/// Sources and precedence, per variable name and per service: `phoenix_stacks_config.json`
/// (`docker_stacks.<stack>.environments.<env>`) first, then the stack's own `phoenix.json`
/// (same shape) for names and services the stacks config does not define. When both define a
/// service's labels differently, the stacks config wins and a warning says so. A service whose
/// `traefik_labels` list is empty keeps its `deploy.labels`.
enum ComposeRenderer {
    /// The rendered text, or nil with error diagnostics.
    static func render(_ stack: Stack, snapshot: ConfigSnapshot, environment: String, stage: StageID)
        -> (text: String?, referencedFiles: [String], diagnostics: [Diagnostic])
    {
        let composeFile = stack.composePath ?? stack.path + "/docker-compose.yml"
        guard let bytes = stack.composeBytes else {
            return (nil, [], [OriginDiagnostic.inFile(.error, .missingComposeFile, stack.path, "stack \(stack.name) has no docker-compose.yml")])
        }
        let root: Node
        do {
            // The loader's budget: an alias bomb never reaches the substitution walk or the emitter.
            guard let parsed = try YAMLParser.parseNode(
                bytes, maxBytes: snapshot.limits.maxFileBytes, budget: snapshot.limits.yamlBudget)
            else {
                return (nil, [], [OriginDiagnostic.inFile(.error, .yamlSyntax, composeFile, "the compose file is empty")])
            }
            root = parsed
        } catch {
            let diagnostic = Diagnostic(
                severity: .error, code: DiagnosticCode(error.code), file: composeFile, location: error.location,
                message: error.message)
            return (nil, [], [diagnostic])
        }
        var diagnostics: [Diagnostic] = []
        let sources = [
            snapshot.stacksConfig?.stack(stack.name)?.environment(environment),
            stack.manifest?.environment(environment),
        ].compactMap { $0 }
        let variables = mergedVariables(sources)
        let labels = mergedLabels(sources, stack: stack.name, &diagnostics)

        guard var top = root.mapping, var services = top["services"]?.mapping else {
            diagnostics.append(
                OriginDiagnostic.inFile(.error, .yamlSyntax, composeFile, "the compose file has no services mapping"))
            return (nil, [], diagnostics)
        }
        for (service, list) in labels.sorted(by: { $0.key < $1.key }) {
            guard var serviceNode = services[service]?.mapping else {
                diagnostics.append(
                    OriginDiagnostic.inFile(
                        .warning, .unknownComposeService, composeFile,
                        "traefik_labels are given for service \(service), which stack \(stack.name)'s compose file does not define; ignored"))
                continue
            }
            var deploy = serviceNode["deploy"]?.mapping ?? Node.Mapping([])
            deploy["labels"] = .sequence(Node.Sequence(list.map { .scalar(Node.Scalar($0, .implicit, .doubleQuoted)) }))
            serviceNode["deploy"] = .mapping(deploy)
            services[service] = .mapping(serviceNode)
        }
        top["services"] = .mapping(services)
        // Labels are in place before substitution, so `${NAME}` inside a label is filled in too (the
        // original inserted labels after its sed pass and left them for Docker to fill from nothing).
        var undefined = Set<String>()
        let document = substitute(.mapping(top), variables, &undefined)
        if !undefined.isEmpty {
            diagnostics.append(
                OriginDiagnostic.inFile(
                    .warning, .undefinedStackVariable, composeFile,
                    "stack \(stack.name) uses \(undefined.sorted().map { "${\($0)}" }.joined(separator: ", ")) with no "
                        + "variable of that name in environment \(environment); docker stack deploy will take it "
                        + "from the manager's environment (usually empty)"))
        }
        let body: String
        do {
            body = try Yams.serialize(node: document, indent: 2, width: -1, allowUnicode: true, lineBreak: .ln)
        } catch {
            diagnostics.append(
                OriginDiagnostic.inFile(.error, .yamlSyntax, composeFile, "cannot re-emit the compose file: \(error)"))
            return (nil, [], diagnostics)
        }
        let header = """
            # Managed by phoenix-gitops (stage \(stage)); do not edit
            # Rendered from \(composeFile) for environment \(environment)

            """
        return (header + body, ComposeReferences.files(in: document), diagnostics)
    }

    /// Variables by name: the first definition wins, the stacks config before the manifest.
    private static func mergedVariables(_ sources: [StackEnvironment]) -> [String: String] {
        var variables: [String: String] = [:]
        for source in sources {
            for variable in source.variables where variables[variable.name] == nil {
                variables[variable.name] = variable.value
            }
        }
        return variables
    }

    /// Labels by service: the stacks config before the manifest; a disagreement is a warning.
    private static func mergedLabels(_ sources: [StackEnvironment], stack: String, _ diagnostics: inout [Diagnostic])
        -> [String: [String]]
    {
        var labels: [String: [String]] = [:]
        for source in sources {
            for service in source.services where !service.traefikLabels.isEmpty {
                if let chosen = labels[service.name] {
                    if chosen != service.traefikLabels {
                        diagnostics.append(
                            OriginDiagnostic.warning(
                                .conflictingTraefikLabels, service.origin,
                                "stack \(stack), service \(service.name): these traefik_labels differ from those in "
                                    + "phoenix_stacks_config.json, which take precedence"))
                    }
                    continue
                }
                labels[service.name] = service.traefikLabels
            }
        }
        return labels
    }

    /// Substitutes variables in every scalar value (mapping keys are left alone, as Compose does).
    private static func substitute(_ node: Node, _ variables: [String: String], _ undefined: inout Set<String>) -> Node {
        switch node {
        case .scalar(var scalar):
            let replaced = ComposeVariables.substitute(scalar.string, variables, undefined: &undefined)
            // Assigning resets the tag to implicit, so a plain `${PORT}` that became `9443` is an integer
            // again when read back, as after the original's text substitution.
            if replaced != scalar.string { scalar.string = replaced }
            return .scalar(scalar)
        case .sequence(var sequence):
            for index in sequence.indices {
                sequence[index] = substitute(sequence[index], variables, &undefined)
            }
            return .sequence(sequence)
        case .mapping(var mapping):
            for index in mapping.indices {
                let pair = mapping[index]
                mapping[index] = (key: pair.key, value: substitute(pair.value, variables, &undefined))
            }
            return .mapping(mapping)
        case .alias:
            return node
        }
    }
}
