import Foundation
import OCOPDomain
import OCOPPluginKit

/// The criteria sets a host knows: the bundled ones (`Resources/criteria/<act>/*.json`) and those
/// plugins contributed. A bundled set that does not validate stays listed with its problems, so
/// that `ocop criteria list` shows the defect instead of hiding the set; it cannot be scored.
public struct CriteriaCatalogue: Sendable {
    public struct Entry: Sendable {
        public let set: CriteriaSet
        public let problems: [CriteriaProblem]
        /// The plugin that contributed it; nil for bundled sets.
        public let plugin: PluginID?
        public var isUsable: Bool { problems.isEmpty }
    }

    public let entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries.sorted { $0.set.id < $1.set.id }
    }

    public func entry(_ id: CriteriaSetID) -> Entry? { entries.first { $0.set.id == id } }

    public func sets(act: LegalAct?) -> [Entry] { entries.filter { act == nil || $0.set.act == act } }

    /// The bundled sets, read once.
    public static func bundled() throws -> [CriteriaSet] { try bundledLoad.get() }

    private static let bundledLoad: Result<[CriteriaSet], any Error> = Result { try load(directory: resourceDirectory()) }

    static func resourceDirectory() throws -> URL {
        guard let url = Bundle.module.url(forResource: "criteria", withExtension: nil) else {
            throw CriteriaProblem(set: "-", source: "OCOPRating resources", line: 0, message: "the criteria folder is missing from the bundle")
        }
        return url
    }

    /// Every `*.json` under `directory/<act>/`, in file order.
    public static func load(directory: URL) throws -> [CriteriaSet] {
        let files = FileManager.default
        var sets: [CriteriaSet] = []
        let acts = try files.contentsOfDirectory(atPath: directory.path).sorted()
        for act in acts {
            let folder = directory.appendingPathComponent(act)
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for name in try files.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".json") {
                let source = "criteria/\(act)/\(name)"
                let set = try CriteriaSet.decode(try Data(contentsOf: folder.appendingPathComponent(name)), source: source)
                guard set.act.rawValue == act else {
                    throw CriteriaProblem(set: set.id.description, source: source, line: 1, message: "act \(set.act.rawValue) in the folder of act \(act)")
                }
                sets.append(set)
            }
        }
        return sets
    }

    /// Bundled sets plus valid contributions.
    public static func make(bundled: [CriteriaSet], contributions: [Contribution<CriteriaSet>]) -> CriteriaCatalogue {
        CriteriaCatalogue(entries: bundled.map { Entry(set: $0, problems: $0.problems(), plugin: nil) }
            + contributions.map { Entry(set: $0.value, problems: $0.value.problems(), plugin: $0.plugin) })
    }

    /// The owner's check of a contributed set: it must validate and not take an id already used.
    public static func validate(contribution new: CriteriaSet, earlier: [CriteriaSet], bundled: [CriteriaSet]) throws {
        let problems = new.problems()
        if !problems.isEmpty {
            throw ContributionRejected("criteria set \(new.id) does not validate: " + problems.map(\.description).joined(separator: "; "))
        }
        if bundled.contains(where: { $0.id == new.id }) {
            throw ContributionRejected("criteria set \(new.id) is a bundled set; give a pilot set its own code")
        }
        if earlier.contains(where: { $0.id == new.id }) {
            throw ContributionRejected("criteria set \(new.id) was already contributed")
        }
    }
}

/// What the rating module offers other plugins.
public enum RatingPoints {
    /// Pilot or province-specific score sheets, in the bundled sets' format (docs/rating.md).
    public static let criteriaSets = ExtensionPoint<CriteriaSet>(
        "ocop.rating.criteria-sets", summary: "extra criteria sets (pilot sheets) in the bundled format")
    /// A province's own evaluation process (levels, thresholds, required papers) from a date on.
    public static let processes = ExtensionPoint<RatingProcess>(
        "ocop.rating.processes", summary: "province evaluation processes (levels, forwarding thresholds, papers) from a date")
}
