import OCOPPluginKit

/// Rating (`ocop.rating`): the criteria sets of each act as data, the scoring engine and the
/// upgrade advisor. No storage yet: evaluations and councils come with the process definitions.
public struct RatingPlugin: Plugin {
    public static let manifest = PluginManifest(
        id: "ocop.rating",
        version: "0.1.0",
        summary: "Rating: criteria sets per act (QĐ 148's 26 sheets bundled), scoring with per-star minimums, upgrade advice"
    )

    public init(config: NoConfig) {}

    public func register(with registrar: Registrar) throws {
        // A broken bundled file is a build defect: refuse to start rather than rate on half a catalogue.
        let bundled = try CriteriaCatalogue.bundled()
        let contributions = try registrar.own(RatingPoints.criteriaSets, describe: { "\($0.id) \($0.name)" }) { new, earlier in
            try CriteriaCatalogue.validate(contribution: new.value, earlier: earlier.map(\.value), bundled: bundled)
        }
        try registrar.keep(RatingState(bundled: bundled, contributions: contributions))
        try registrar.add(command: PluginCommand(CriteriaCommand.self))
    }
}

/// What the commands find once registration has closed.
struct RatingState: Sendable {
    let bundled: [CriteriaSet]
    let contributions: Contributions<CriteriaSet>

    var catalogue: CriteriaCatalogue { CriteriaCatalogue.make(bundled: bundled, contributions: contributions.all) }
}
