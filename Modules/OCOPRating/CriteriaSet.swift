import Foundation
import OCOPDomain

/// One score sheet (bộ tiêu chí) of one act: parts, groups, criteria with their options, the
/// per-star minimum marks and the gates that end an evaluation. Decoded from the files
/// `scripts/gen-criteria.py` writes (format in docs/rating.md) or contributed by a plugin.
/// Every element keeps its source line so that refusals point at the sheet.
public struct CriteriaSet: Sendable, Hashable, Codable {
    public var format: Int
    public var act: LegalAct
    /// `1`…`26` for the official sets; a pilot set's own code otherwise (e.g. `ha-noi-pilot-1`).
    public var code: String
    /// The product set the sheet scores, when it is one of the 26.
    public var productSet: ProductSet?
    public var name: String
    /// Where the data came from (a file, or a plugin for contributed sets).
    public var source: String
    public var parts: [Part]
    public var gates: [Gate]

    public var id: CriteriaSetID { CriteriaSetID(act: act, code: code) }

    public struct Part: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        /// As the sheet declares it; validation checks it against the act and the criteria.
        public var points: Int
        public var line: Int
        public var groups: [Group]
    }

    public struct Group: Sendable, Hashable, Codable {
        /// `all`: every criterion is scored; `one`: alternatives, the product is scored on exactly
        /// one (tourism: a community or a single site).
        public enum Pick: String, Sendable, Hashable, Codable { case all, one }
        public var id: String
        public var title: String
        public var note: String?
        public var points: Int
        public var line: Int
        public var pick: Pick
        public var criteria: [Criterion]

        /// The most the group can give: the sum of its criteria, or the best alternative.
        public var maxPoints: Int {
            let bests = criteria.map(\.maxPoints)
            return pick == .one ? (bests.max() ?? 0) : bests.reduce(0, +)
        }
    }

    public struct Criterion: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        public var note: String?
        /// As declared on the sheet (absent when the sheet leaves it blank).
        public var points: Int?
        /// A mark on the criterion itself: from this star level on, at least its lowest option.
        public var stars: Int?
        public var line: Int
        public var options: [Option]

        public var maxPoints: Int { options.map(\.points).max() ?? 0 }

        /// With no zero-point option, "none of these" is a possible answer worth 0 (the sheets
        /// list only what earns points, e.g. a registered trademark).
        public var allowsNone: Bool { (options.first?.points ?? 0) > 0 }

        /// The points a product must reach on this criterion to hold `stars`, or nil when the
        /// criterion sets no minimum at that level: the best option marked at or below it.
        public func requiredPoints(forStars stars: Int) -> Int? {
            var required: Int?
            if let own = self.stars, own <= stars, let lowest = options.first { required = lowest.points }
            for option in options {
                if let mark = option.stars, mark <= stars { required = max(required ?? 0, option.points) }
            }
            return required
        }

        /// The option giving exactly `points` (1-based number), if any.
        public func option(withPoints points: Int) -> Int? {
            options.firstIndex { $0.points == points }.map { $0 + 1 }
        }

        /// `1, 3, 5` (and `0` when none is possible): the points a member may give.
        public var allowedPoints: [Int] { (allowsNone ? [0] : []) + options.map(\.points) }

        /// Whether `points` is an answer this criterion offers (no allocation: a round checks
        /// hundreds of thousands of answers).
        public func allows(_ points: Int) -> Bool {
            if points == 0, allowsNone { return true }
            for option in options where option.points == points { return true }
            return false
        }
    }

    public struct Option: Sendable, Hashable, Codable {
        public var title: String
        public var points: Int
        /// The lowest star level that requires at least this option.
        public var stars: Int?
        public var line: Int
        public var note: String?
    }

    /// A note on the sheet that ends the evaluation when it applies.
    public struct Gate: Sendable, Hashable, Codable {
        public enum Effect: String, Sendable, Hashable, Codable {
            /// "bị loại": the product is eliminated.
            case disqualify
            /// "không đánh giá các bước tiếp theo": the evaluation stops, no score.
            case stop
            /// "không đánh giá những sản phẩm…": the product is not assessed at all.
            case notAssessed = "not-assessed"
        }
        public var id: String
        public var effect: Effect
        public var text: String
        public var criterion: String
        public var line: Int
    }

    /// Every criterion in sheet order, with its part and group.
    public var criteria: [(part: Part, group: Group, criterion: Criterion)] {
        parts.flatMap { part in part.groups.flatMap { group in group.criteria.map { (part, group, $0) } } }
    }

    public func criterion(_ id: String) -> Criterion? {
        for part in parts { for group in part.groups { if let c = group.criteria.first(where: { $0.id == id }) { return c } } }
        return nil
    }

    /// The most the set can give per part (best option everywhere, best alternative).
    public var partMaxima: [(id: String, points: Int)] {
        parts.map { ($0.id, $0.groups.map(\.maxPoints).reduce(0, +)) }
    }

    public var maxPoints: Int { partMaxima.map(\.points).reduce(0, +) }
}

/// `148/11`: act and code.
public struct CriteriaSetID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var act: LegalAct
    public var code: String
    public init(act: LegalAct, code: String) {
        self.act = act
        self.code = code
    }
    public var description: String { "\(act.rawValue)/\(code)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        if lhs.act != rhs.act { return lhs.act < rhs.act }
        switch (Int(lhs.code), Int(rhs.code)) {
        case let (l?, r?): return l < r
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return lhs.code < rhs.code
        }
    }
}

/// How an act splits its 100 points between the parts (ocop-rules.md §1).
public enum PointSplit {
    /// nil for an act without a criteria set of its own (490 only launched the programme).
    public static func parts(for act: LegalAct) -> [(id: String, points: Int)]? {
        switch act {
        case .decision490: nil
        case .decision1048: [("A", 35), ("B", 25), ("C", 40)]
        // 1489 changed the process, not the sheets.
        case .decision148, .decision1489: [("A", 40), ("B", 25), ("C", 35)]
        }
    }
}

/// A fault in a criteria set, located at its source line.
public struct CriteriaProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var set: String
    public var source: String
    public var line: Int
    public var message: String
    public var description: String { "\(source):\(line): set \(set): \(message)" }
}

extension CriteriaSet {
    public static let formatVersion = 1

    /// Decodes one set file; a decoding failure names the file.
    public static func decode(_ data: Data, source: String) throws -> CriteriaSet {
        do {
            return try JSONDecoder().decode(CriteriaSet.self, from: data)
        } catch let error as DecodingError {
            throw CriteriaProblem(set: "?", source: source, line: 0, message: "not a criteria file: \(Self.describe(error))")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context): "missing \(path(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    /// Every fault, in sheet order: the act's split, declared against computed points, criteria
    /// without options or with options out of order, duplicate ids, gates on unknown criteria.
    public func problems() -> [CriteriaProblem] {
        var out: [CriteriaProblem] = []
        func fail(_ line: Int, _ message: String) { out.append(CriteriaProblem(set: id.description, source: source, line: line, message: message)) }
        guard format == Self.formatVersion else {
            fail(1, "format \(format), this build reads format \(Self.formatVersion)")
            return out
        }
        guard let split = PointSplit.parts(for: act) else {
            fail(1, "act \(act.citation) has no criteria of its own")
            return out
        }
        if parts.map(\.id) != split.map(\.id) {
            fail(parts.first?.line ?? 1, "parts \(parts.map(\.id).joined(separator: ", ")), \(act.citation) has \(split.map(\.id).joined(separator: ", "))")
        }
        var seen: [String: Int] = [:]
        for part in parts {
            let required = split.first { $0.id == part.id }?.points
            let total = part.groups.map(\.maxPoints).reduce(0, +)
            if let required, part.points != required {
                fail(part.line, "part \(part.id) declares \(part.points) points, \(act.citation) gives it \(required)")
            }
            if let required, total != required {
                fail(part.line, "part \(part.id): its criteria total \(total) points, \(act.citation) gives the part \(required)")
            }
            for group in part.groups {
                if group.criteria.isEmpty { fail(group.line, "group \(group.id) has no criteria") }
                if group.pick == .one && group.criteria.count < 2 { fail(group.line, "group \(group.id) offers alternatives but has \(group.criteria.count)") }
                if group.maxPoints != group.points {
                    fail(group.line, "group \(group.id) declares \(group.points) points, its criteria give \(group.maxPoints)")
                }
                for criterion in group.criteria {
                    if let earlier = seen[criterion.id] { fail(criterion.line, "criterion id \(criterion.id) is also used at line \(earlier)") }
                    seen[criterion.id] = criterion.line
                    if criterion.options.isEmpty { fail(criterion.line, "criterion \(criterion.id) has no options"); continue }
                    if let declared = criterion.points, declared != criterion.maxPoints {
                        fail(criterion.line, "criterion \(criterion.id) declares \(declared) points, its best option gives \(criterion.maxPoints)")
                    }
                    for (index, option) in criterion.options.enumerated() {
                        if option.points < 0 { fail(option.line, "criterion \(criterion.id), option \(index + 1): negative points") }
                        if index > 0 && option.points <= criterion.options[index - 1].points {
                            fail(option.line, "criterion \(criterion.id), option \(index + 1): \(option.points) points after \(criterion.options[index - 1].points); options must rise")
                        }
                        if let s = option.stars, !(1...5).contains(s) { fail(option.line, "criterion \(criterion.id), option \(index + 1): star mark \(s) is not 1–5") }
                    }
                    if let s = criterion.stars, !(1...5).contains(s) { fail(criterion.line, "criterion \(criterion.id): star mark \(s) is not 1–5") }
                }
            }
        }
        var gateIDs = Set<String>()
        for gate in gates {
            if !gateIDs.insert(gate.id).inserted { fail(gate.line, "gate \(gate.id) appears twice") }
            if seen[gate.criterion] == nil { fail(gate.line, "gate \(gate.id) names criterion \(gate.criterion), which the set does not have") }
        }
        return out
    }
}
