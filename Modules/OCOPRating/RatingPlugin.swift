import Foundation
import OCOPPluginKit

/// Rating (`ocop.rating`): the evaluation cycle as a core plugin. Criteria sets per act as data,
/// the scoring engine and the upgrade advisor; dossiers, commune pre-assessment, councils,
/// rounds, sheets, results and decisions; inspections, downgrades and revocations. Stars reach
/// the registry only through its `CertificationRecorder`.
public struct RatingPlugin: Plugin {
    public static let manifest = PluginManifest(
        id: "ocop.rating",
        version: "0.2.0",
        summary: "Rating: criteria sets per act, dossiers, councils and rounds, score sheets, stars, decisions, inspections",
        requires: [
            .plugin("ocop.registry", "^0.2", why: "decisions enter the registry's certification ledger"),
            .service((any CertificationRecorder).self, why: "stars are written only through the ledger"),
            .service((any ProductLookup).self, why: "a dossier freezes its product's facts"),
            .service((any SubjectLookup).self, why: "conflicts and inspections name a producer"),
            .service((any AccountLookup).self, why: "a round seats existing, active accounts by username"),
        ]
    )

    public struct Config: Decodable, Sendable {
        /// Largest dossier paper accepted (PDF or image).
        public var maxAttachmentBytes = 10 * 1024 * 1024

        enum CodingKeys: String, CodingKey { case maxAttachmentBytes = "max_attachment_bytes" }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            maxAttachmentBytes = try c.decodeIfPresent(Int.self, forKey: .maxAttachmentBytes) ?? maxAttachmentBytes
            guard (1024...(64 * 1024 * 1024)).contains(maxAttachmentBytes) else {
                throw DecodingError.dataCorruptedError(forKey: .maxAttachmentBytes, in: c, debugDescription: "expected 1 KiB to 64 MiB")
            }
        }
    }

    let config: Config

    public init(config: Config) { self.config = config }

    public func register(with registrar: Registrar) throws {
        // A broken bundled file is a build defect: refuse to start rather than rate on half a catalogue.
        let bundled = try CriteriaCatalogue.bundled()
        let contributions = try registrar.own(RatingPoints.criteriaSets, describe: { "\($0.id) \($0.name)" }) { new, earlier in
            try CriteriaCatalogue.validate(contribution: new.value, earlier: earlier.map(\.value), bundled: bundled)
        }
        let processes = try registrar.own(RatingPoints.processes, describe: { "\($0.id) (\($0.act.citation), from \($0.effectiveFrom))" }) { new, earlier in
            let problems = new.value.problems()
            if !problems.isEmpty { throw ContributionRejected("process \(new.value.id): " + problems.joined(separator: "; ")) }
            if new.value.provinces.isEmpty { throw ContributionRejected("process \(new.value.id) names no province; the acts' processes are bundled") }
            if (RatingProcess.bundled + earlier.map(\.value)).contains(where: { $0.id == new.value.id }) {
                throw ContributionRejected("process \(new.value.id) is already defined")
            }
        }
        let state = RatingState(bundled: bundled, contributions: contributions, processes: processes)
        try registrar.keep(state)
        let service = RatingService(state: state, recorder: try registrar.use((any CertificationRecorder).self),
                                    products: try registrar.use((any ProductLookup).self), subjects: try registrar.use((any SubjectLookup).self),
                                    accounts: try registrar.use((any AccountLookup).self),
                                    maxAttachmentBytes: config.maxAttachmentBytes)
        try registrar.keep(service)
        for migration in RatingSchema.migrations { try registrar.add(migration) }
        for endpoint in RatingRoutes(service: service).endpoints { try registrar.add(endpoint) }
        try registrar.describe(openAPI: RatingOpenAPI.document)
        try registrar.subscribe(to: CertificationRecorded.self, as: "certificates") { envelope, context in
            try await RatingService.apply(envelope.event, on: context.database.sql)
        }
        try registrar.subscribe(to: CertificateExpiring.self, as: "expiry-notices") { envelope, context in
            try await RatingService.noted(envelope.event, on: context.database.sql)
        }
        try registrar.add(command: PluginCommand(CriteriaCommand.self))
        try registrar.add(command: PluginCommand(RatingCommand.self))
    }
}

/// What the commands and routes find once registration has closed.
final class RatingState: @unchecked Sendable {
    let bundled: [CriteriaSet]
    let contributions: Contributions<CriteriaSet>
    let processes: Contributions<RatingProcess>
    private let lock = NSLock()
    private var catalogueCache: CriteriaCatalogue?
    private var processCache: ProcessCatalogue?

    init(bundled: [CriteriaSet], contributions: Contributions<CriteriaSet>, processes: Contributions<RatingProcess>) {
        self.bundled = bundled
        self.contributions = contributions
        self.processes = processes
    }

    var catalogue: CriteriaCatalogue { CriteriaCatalogue.make(bundled: bundled, contributions: contributions.all) }

    /// Built once, after registration closed (contributions are final then).
    var cachedCatalogue: CriteriaCatalogue {
        lock.withLock {
            if let catalogueCache { return catalogueCache }
            let made = catalogue
            catalogueCache = made
            return made
        }
    }

    var processCatalogue: ProcessCatalogue {
        lock.withLock {
            if let processCache { return processCache }
            let made = ProcessCatalogue(contributed: processes.all.map(\.value))
            processCache = made
            return made
        }
    }
}
