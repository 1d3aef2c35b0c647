import Crypto
import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// The figures a province sends to the nation (issue point 10), the same computation on a
/// province host (export) and in the benchmark.
public struct RollupSummary: Sendable, Equatable, Codable {
    /// Products standing on the day (see `Statistics`), by sector × legal form of the subject × stars.
    public struct ProductCell: Sendable, Equatable, Codable {
        public var sector: Int
        public var legalForm: String
        public var stars3: Int64
        public var stars4: Int64
        public var potential5: Int64
        public var stars5: Int64

        enum CodingKeys: String, CodingKey {
            case sector
            case legalForm = "legal_form"
            case stars3 = "stars_3", stars4 = "stars_4", potential5 = "potential_5", stars5 = "stars_5"
        }

        var buckets: StarBuckets { StarBuckets(stars3: stars3, stars4: stars4, potential5: potential5, stars5: stars5) }
    }

    public struct Stars: Sendable, Equatable, Codable {
        public var stars3: Int64
        public var stars4: Int64
        public var potential5: Int64
        public var stars5: Int64

        enum CodingKeys: String, CodingKey { case stars3 = "stars_3", stars4 = "stars_4", potential5 = "potential_5", stars5 = "stars_5" }

        init(_ b: StarBuckets) {
            stars3 = b.stars3
            stars4 = b.stars4
            potential5 = b.potential5
            stars5 = b.stars5
        }

        var buckets: StarBuckets { StarBuckets(stars3: stars3, stars4: stars4, potential5: potential5, stars5: stars5) }
        public var total: Int64 { stars3 + stars4 + potential5 + stars5 }
    }

    public struct EventFigures: Sendable, Equatable, Codable {
        public var events: Int64
        public var closed: Int64
        public var visitors: Int64
        public var orders: Int64
        public var revenueTotal: Int64
        public var revenueOCOP: Int64

        enum CodingKeys: String, CodingKey {
            case events, closed, visitors, orders
            case revenueTotal = "revenue_total", revenueOCOP = "revenue_ocop"
        }
    }

    /// Non-empty cells, ordered by sector then legal form.
    public var products: [ProductCell]
    /// Subjects with at least one product standing on the day.
    public var subjectsByLegalForm: [String: Int64]
    /// Recognition decisions (recognised, potential_5) decided on or before the day, by year.
    public var certificatesByYear: [String: Stars]
    /// Events of the as-of year by kind; absent when `ocop.events` is not enabled on the host.
    public var eventsByKind: [String: EventFigures]?

    enum CodingKeys: String, CodingKey {
        case products
        case subjectsByLegalForm = "subjects_by_legal_form"
        case certificatesByYear = "certificates_by_year"
        case eventsByKind = "events_by_kind"
    }

    public static let empty = RollupSummary(products: [], subjectsByLegalForm: [:], certificatesByYear: [:], eventsByKind: nil)

    /// Star totals over every product cell.
    public var stars: Stars {
        var all = StarBuckets()
        for cell in products { all.add(cell.buckets) }
        return Stars(all)
    }

    /// Computes the summary of `province` (nil: every province the host holds) on `asOf`.
    public static func compute(province: String?, asOf: String, on db: any SQLDatabase) async throws -> RollupSummary {
        let query = StatisticsQuery(scope: StatisticsScope(provinceCode: province, asOf: asOf), db: db)
        var products: [ProductCell] = []
        for group in try await query.standing(by: "CAST(p.sector AS TEXT) || '|' || COALESCE(s.legal_form, '')") {
            let parts = (group.key ?? "").split(separator: "|", omittingEmptySubsequences: false)
            let b = group.buckets
            products.append(ProductCell(sector: parts.first.flatMap { Int($0) } ?? 0, legalForm: parts.count > 1 ? String(parts[1]) : "",
                                        stars3: b.stars3, stars4: b.stars4, potential5: b.potential5, stars5: b.stars5))
        }
        products.sort { ($0.sector, $0.legalForm) < ($1.sector, $1.legalForm) }
        let subjects = try await query.subjectsByLegalForm()
        var years: [String: Stars] = [:]
        for group in try await query.recognitionsByYear() { years[group.key ?? ""] = Stars(group.buckets) }
        var events: [String: EventFigures]?
        if try await StatisticsQuery.viewExists(PromotionViews.events, on: db) {
            events = try await query.eventsByKind().mapValues {
                EventFigures(events: $0.events, closed: $0.closed, visitors: $0.visitors, orders: $0.orders,
                             revenueTotal: $0.revenueTotal, revenueOCOP: $0.revenueOCOP)
            }
        }
        return RollupSummary(products: products, subjectsByLegalForm: subjects, certificatesByYear: years, eventsByKind: events)
    }

    /// The sum of several summaries (the nation of its provinces).
    public static func sum(_ parts: [RollupSummary]) -> RollupSummary {
        var cells: [String: ProductCell] = [:]
        var subjects: [String: Int64] = [:]
        var years: [String: StarBuckets] = [:]
        var events: [String: EventFigures]?
        for part in parts {
            for cell in part.products {
                let key = "\(cell.sector)|\(cell.legalForm)"
                var merged = cells[key] ?? ProductCell(sector: cell.sector, legalForm: cell.legalForm, stars3: 0, stars4: 0, potential5: 0, stars5: 0)
                merged.stars3 += cell.stars3
                merged.stars4 += cell.stars4
                merged.potential5 += cell.potential5
                merged.stars5 += cell.stars5
                cells[key] = merged
            }
            for (form, n) in part.subjectsByLegalForm { subjects[form, default: 0] += n }
            for (year, stars) in part.certificatesByYear { years[year, default: StarBuckets()].add(stars.buckets) }
            if let kinds = part.eventsByKind {
                var all = events ?? [:]
                for (kind, f) in kinds {
                    var m = all[kind] ?? EventFigures(events: 0, closed: 0, visitors: 0, orders: 0, revenueTotal: 0, revenueOCOP: 0)
                    m.events += f.events
                    m.closed += f.closed
                    m.visitors += f.visitors
                    m.orders += f.orders
                    m.revenueTotal += f.revenueTotal
                    m.revenueOCOP += f.revenueOCOP
                    all[kind] = m
                }
                events = all
            }
        }
        return RollupSummary(products: cells.values.sorted { ($0.sector, $0.legalForm) < ($1.sector, $1.legalForm) },
                             subjectsByLegalForm: subjects, certificatesByYear: years.mapValues(Stars.init), eventsByKind: events)
    }
}

/// A province's signed summary: what `ocop report bundle export` writes and a national host imports.
public struct RollupBundle: Sendable, Equatable, Codable {
    public static let formatName = "ocop.reporting.bundle"
    public static let formatVersion = 1

    public var format: String
    public var formatVersion: Int
    public var provinceCode: String
    public var asOf: String
    /// ISO 8601, UTC.
    public var generatedAt: String
    /// Grows by one with every export of the province host: a national host keeps the newest.
    public var sequence: Int64
    /// The signer's Ed25519 public key (base64 of its 32 bytes).
    public var publicKey: String
    public var summary: RollupSummary
    /// Ed25519 over `RollupCanonical.bytes` of the bundle without this field (base64).
    public var signature: String?

    enum CodingKeys: String, CodingKey {
        case format, sequence, summary, signature
        case formatVersion = "format_version"
        case provinceCode = "province_code"
        case asOf = "as_of"
        case generatedAt = "generated_at"
        case publicKey = "public_key"
    }

    /// The document as written to a file (readable; the signature does not depend on layout).
    public func fileBytes() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Signs with `key`: sets `publicKey` and `signature`.
    public mutating func sign(with key: Curve25519.Signing.PrivateKey) throws {
        publicKey = key.publicKey.rawRepresentation.base64EncodedString()
        signature = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let object = try JSONSerialization.jsonObject(with: try encoder.encode(self))
        signature = try key.signature(for: try RollupCanonical.bytes(object, dropping: "signature")).base64EncodedString()
    }
}

/// The bytes a bundle's signature covers: its JSON value (signature removed) with object keys
/// sorted, no whitespace, strings escaped minimally, integers only. Computed from the parsed
/// value, so any change to a field, added field or removed field changes them.
enum RollupCanonical {
    struct NotCanonical: Error, CustomStringConvertible {
        let path: String
        let message: String
        var description: String { "\(path): \(message)" }
    }

    static func bytes(_ value: Any, dropping field: String) throws -> Data {
        var out = ""
        guard var object = value as? [String: Any] else { throw NotCanonical(path: "/", message: "expected a JSON object") }
        object.removeValue(forKey: field)
        try write(object, path: "", into: &out)
        return Data(out.utf8)
    }

    private static func write(_ value: Any, path: String, into out: inout String) throws {
        switch value {
        case let object as [String: Any]:
            out += "{"
            for (index, key) in object.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }).enumerated() {
                if index > 0 { out += "," }
                string(key, into: &out)
                out += ":"
                try write(object[key] as Any, path: path + "/" + key, into: &out)
            }
            out += "}"
        case let array as [Any]:
            out += "["
            for (index, item) in array.enumerated() {
                if index > 0 { out += "," }
                try write(item, path: path + "/\(index)", into: &out)
            }
            out += "]"
        case let text as String:
            string(text, into: &out)
        case is NSNull:
            out += "null"
        case let number as NSNumber:
            let text = number.stringValue
            guard Int64(text) != nil else { throw NotCanonical(path: path, message: "expected a whole number, found \(text)") }
            out += text
        default:
            throw NotCanonical(path: path, message: "unexpected JSON value")
        }
    }

    private static func string(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
