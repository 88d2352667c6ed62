import PhoenixDrivers

/// The swarm's observed state against a `SwarmDesiredState`, with the apply's own probes
/// (`SwarmProbe`): the manager is an active manager, the overlay network exists with its driver, each
/// worker is a Ready node, each node carries exactly its configured labels, each secret exists.
///
/// Object names: `swarm manager`, `swarm network <n>`, `swarm secret <s>` at the manager VM;
/// `swarm node <name>` and `swarm node <name> label <key>` at the node's VM.
struct SwarmObserver {
    let desired: SwarmDesiredState
    let context: StageContext

    private var driver: any HostDriver { context.driver }
    private var manager: Location { .vm(desired.manager.vmid) }
    private var probe: SwarmProbe { SwarmProbe(driver: driver, manager: manager) }

    /// Every difference, or why the swarm could not be checked.
    func observe() async -> [DriftItem] {
        guard driver.observesGuests else {
            return [.unobserved(manager, "swarm", DriftItem.localDriverReason)]
        }
        if let stopped = await GuestObservation.unavailable(manager, object: "swarm", driver: driver) { return [stopped] }
        do {
            let answer = try await probe.managerState()
            guard answer.state == "active", answer.control == "true" else {
                return [
                    .drifted(
                        manager, "swarm manager",
                        "\(manager) (\(desired.manager.name)) is not an active swarm manager (swarm state \(answer.state), "
                            + "control \(answer.control))")
                ]
            }
        } catch {
            return [GuestObservation.failed(manager, object: "swarm manager", error, driver: driver)]
        }
        var items: [DriftItem] = []
        await observeNetwork(&items)
        await observeNodes(&items)
        for secret in desired.secrets {
            let object = "swarm secret \(secret.name)"
            do {
                if try await !probe.secretExists(secret.name) {
                    items.append(.drifted(manager, object, "secret \(secret.name) does not exist"))
                }
            } catch {
                items.append(GuestObservation.failed(manager, object: object, error, driver: driver))
            }
        }
        return items
    }

    private func observeNetwork(_ items: inout [DriftItem]) async {
        let network = desired.network
        let object = "swarm network \(network.name)"
        do {
            guard let found = try await probe.networkDriver(network.name) else {
                items.append(.drifted(manager, object, "network \(network.name) does not exist"))
                return
            }
            if found != network.driver {
                items.append(.drifted(manager, object, "network \(network.name) has driver \(found), expected \(network.driver)"))
            }
        } catch {
            items.append(GuestObservation.failed(manager, object: object, error, driver: driver))
        }
    }

    private func observeNodes(_ items: inout [DriftItem]) async {
        let rows: [SwarmNodeRow]
        do {
            rows = try await probe.nodes()
        } catch {
            for node in desired.nodes {
                items.append(GuestObservation.failed(.vm(node.vmid), object: "swarm node \(node.name)", error, driver: driver))
            }
            return
        }
        for node in desired.nodes {
            let location = Location.vm(node.vmid)
            let object = "swarm node \(node.name)"
            let ready = rows.filter { $0.hostname == node.name && $0.isReady }
            guard ready.count == 1, let row = ready.first else {
                if ready.isEmpty {
                    items.append(.drifted(location, object, "\(node.name) is not a Ready node of the swarm"))
                } else {
                    items.append(.unknown(location, object, "\(ready.count) Ready swarm nodes have the hostname \(node.name)"))
                }
                continue
            }
            let current: [String: String]
            do {
                current = try await probe.labels(of: row.id)
            } catch {
                items.append(GuestObservation.failed(location, object: object + " labels", error, driver: driver))
                continue
            }
            for key in Set(current.keys).union(node.labels.keys).sorted() {
                let label = "\(object) label \(key)"
                switch (node.labels[key], current[key]) {
                case (let expected?, nil):
                    items.append(.drifted(location, label, "\(node.name): label \(key)=\(expected) is missing"))
                case (let expected?, let found?) where expected != found:
                    items.append(.drifted(location, label, "\(node.name): label \(key) is \(found), expected \(expected)"))
                case (nil, let found?):
                    items.append(.drifted(location, label, "\(node.name): label \(key)=\(found) is not in the config"))
                default:
                    break
                }
            }
        }
    }
}
