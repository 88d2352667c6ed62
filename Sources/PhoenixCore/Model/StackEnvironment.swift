/// One environment (`production`, `testing`, ...) of a stack definition.
public struct StackEnvironment: Sendable, Hashable {
    /// Environment name.
    public var name: String
    /// Variables substituted into the compose file.
    public var variables: [StackVariable]
    /// Services with Traefik labels.
    public var services: [StackService]
    /// Where it is.
    public var origin: ValueOrigin
    /// The environment's JSON (`files`, `firewall_rules`, ... stay here).
    public var json: JSONValue

    init?(name: String, value: JSONValue, pointer: JSONPointer, location: SourceLocation, context: ModelContext) {
        guard let object = context.object(value, at: pointer) else { return nil }
        self.name = name
        variables = context.elements(object, "variables", at: pointer).compactMap { element, elementPointer in
            guard let variable = context.object(element, at: elementPointer),
                let variableName = context.string(variable, "name", at: elementPointer)
            else { return nil }
            let text = context.stringOrNumber(variable, "value", at: elementPointer) ?? ""
            return StackVariable(name: variableName, value: text, origin: context.origin(elementPointer, element.location))
        }
        services = []
        if let (servicesValue, servicesPointer, _) = context.child(object, "services", at: pointer),
            let servicesObject = servicesValue.objectValue
        {
            for member in servicesObject.members {
                let servicePointer = servicesPointer.appending(member.key)
                guard let service = context.object(member.value, at: servicePointer) else { continue }
                services.append(
                    StackService(
                        name: member.key, traefikLabels: context.strings(service, "traefik_labels", at: servicePointer),
                        origin: context.origin(servicePointer, member.keyLocation)))
            }
        }
        origin = context.origin(pointer, location)
        json = value
    }
}
