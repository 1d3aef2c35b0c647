import Crypto
import Foundation
import OCOPDomain
import OCOPPluginKit
import SQLKit

/// The `ocop.reporting` keys of the national roll-up, decoded strictly (each bad value is located).
public struct RollupConfig: Sendable, Equatable {
    /// A province host: the Ed25519 private key file its bundles are signed with (`ocop report keygen`).
    public var signingKeyFile: String?
    /// A province host: the province its bundles report (else `--province`).
    public var provinceCode: String?
    /// A national host: the public key (base64) each province signs with; bundles of others are refused.
    public var trustedProvinces: [String: String] = [:]

    enum CodingKeys: String, CodingKey {
        case signingKeyFile = "signing_key_file"
        case provinceCode = "province_code"
        case trustedProvinces = "trusted_provinces"
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        signingKeyFile = try c.decodeIfPresent(String.self, forKey: .signingKeyFile)
        if let file = signingKeyFile, file.trimmingCharacters(in: .whitespaces).isEmpty {
            throw DecodingError.dataCorruptedError(forKey: .signingKeyFile, in: c, debugDescription: "expected the path of a key file from `ocop report keygen`")
        }
        provinceCode = try c.decodeIfPresent(String.self, forKey: .provinceCode)
        if let code = provinceCode, Self.province(code) == nil {
            throw DecodingError.dataCorruptedError(forKey: .provinceCode, in: c, debugDescription: "expected a 2025 province code such as 01, found '\(code)'")
        }
        if c.contains(.trustedProvinces) {
            let nested = try c.nestedContainer(keyedBy: AnyKey.self, forKey: .trustedProvinces)
            for key in nested.allKeys {
                let value = try nested.decode(String.self, forKey: key)
                guard Self.province(key.stringValue) != nil else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: nested, debugDescription: "expected a 2025 province code such as 01 as the key")
                }
                guard Self.publicKey(value) != nil else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: nested,
                                                           debugDescription: "expected an Ed25519 public key in base64 (44 characters, as `ocop report keygen` prints)")
                }
                trustedProvinces[key.stringValue] = value
            }
        }
    }

    static func province(_ code: String) -> Province? {
        ProvinceCode(code).flatMap { try? AdminUnits.shared.province($0) }
    }

    static func publicKey(_ base64: String) -> Curve25519.Signing.PublicKey? {
        Data(base64Encoded: base64).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
    }
}

/// Signing keys on disk: base64 of the 32-byte Ed25519 private key, readable by its owner only.
public enum RollupKeys {
    public static func generate(to path: String) throws -> Curve25519.Signing.PublicKey {
        let key = Curve25519.Signing.PrivateKey()
        guard !FileManager.default.fileExists(atPath: path) else { throw DomainError.conflict("\(path) exists; refusing to overwrite a key", path: "/out") }
        guard FileManager.default.createFile(atPath: path, contents: Data((key.rawRepresentation.base64EncodedString() + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw DomainError.invalid([InvalidField(path: "/out", message: "cannot write \(path)")])
        }
        return key.publicKey
    }

    public static func load(_ path: String) throws -> Curve25519.Signing.PrivateKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DomainError.invalid([InvalidField(path: "/signing_key_file", message: "cannot read \(path)")])
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text), let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw DomainError.invalid([InvalidField(path: "/signing_key_file", message: "\(path) is not an Ed25519 private key from `ocop report keygen`")])
        }
        return key
    }
}

/// Export on a province host, import and the nation on a national host.
public struct RollupService: Sendable {
    public let config: RollupConfig

    static let exports = "reporting_bundle_exports"
    static let bundles = "reporting_bundles"

    static let migration = Migration("0001_rollup") { db, _ in
        try await db.create(table: exports)
            .column("sequence", type: .bigint, .primaryKey(autoIncrement: false))
            .column("province_code", type: .text, .notNull)
            .column("as_of", type: .text, .notNull)
            .column("generated_at", type: .text, .notNull)
            .run()
        try await db.create(table: bundles)
            .column("province_code", type: .text, .primaryKey(autoIncrement: false))
            .column("sequence", type: .bigint, .notNull)
            .column("as_of", type: .text, .notNull)
            .column("generated_at", type: .text, .notNull)
            .column("format_version", type: .int, .notNull)
            .column("public_key", type: .text, .notNull)
            .column("signature", type: .text, .notNull)
            .column("summary", type: .text, .notNull)
            .column("imported_at", type: .text, .notNull)
            .column("imported_by", type: .text)
            .run()
    }

    public init(config: RollupConfig) { self.config = config }

    /// Computes, numbers and signs the bundle of `province` on `asOf`.
    public func export(province: String?, asOf: String, store: any SQLStore, now: Date = Date()) async throws -> RollupBundle {
        guard let code = province ?? config.provinceCode else {
            throw DomainError.invalid([InvalidField(path: "/province", message: "name the province (--province, or province_code in the ocop.reporting section)")])
        }
        guard RollupConfig.province(code) != nil else {
            throw DomainError.invalid([InvalidField(path: "/province", message: "expected a 2025 province code such as 01, found '\(code)'")])
        }
        guard ProgrammeCalendar.parse(asOf) != nil else {
            throw DomainError.invalid([InvalidField(path: "/as_of", message: "expected a calendar date YYYY-MM-DD, found '\(asOf)'")])
        }
        guard let file = config.signingKeyFile else {
            throw DomainError.invalid([InvalidField(path: "/signing_key_file", message: "set signing_key_file in the ocop.reporting section (a key from `ocop report keygen`)")])
        }
        let key = try RollupKeys.load(file)
        let summary = try await RollupSummary.compute(province: code, asOf: asOf, on: store.sql)
        let generatedAt = now.formatted(.iso8601)
        let sequence: Int64 = try await store.transaction { db in
            let last = try await db.select().column(SQLFunction("MAX", args: SQLColumn("sequence")), as: "m").from(Self.exports)
                .first()?.decode(column: "m", as: Int64?.self) ?? 0
            try await db.insert(into: Self.exports).columns("sequence", "province_code", "as_of", "generated_at")
                .values(SQLBind(last + 1), SQLBind(code), SQLBind(asOf), SQLBind(generatedAt)).run()
            return last + 1
        }
        var bundle = RollupBundle(format: RollupBundle.formatName, formatVersion: RollupBundle.formatVersion, provinceCode: code, asOf: asOf,
                                  generatedAt: generatedAt, sequence: sequence, publicKey: "", summary: summary, signature: nil)
        try bundle.sign(with: key)
        return bundle
    }

    public enum ImportOutcome: String, Sendable, Codable { case imported, unchanged }

    public struct ImportResult: Sendable, Codable, Equatable {
        public var outcome: ImportOutcome
        public var provinceCode: String
        public var sequence: Int64
        public var asOf: String

        enum CodingKeys: String, CodingKey {
            case outcome, sequence
            case provinceCode = "province_code"
            case asOf = "as_of"
        }
    }

    /// Checks a bundle file's bytes and stores it: refused (nothing stored) when it is not JSON, of
    /// another format or version, unsigned, from a province without a trusted key, signed by another
    /// key, changed after signing, or older than the stored bundle of its province. The same bundle
    /// twice changes nothing.
    public func importBundle(_ data: Data, by username: String?, store: any SQLStore, now: Date = Date()) async throws -> ImportResult {
        func refuse(_ path: String, _ message: String) -> DomainError { DomainError.invalid([InvalidField(path: path, message: message)]) }
        guard let parsed = try? JSONSerialization.jsonObject(with: data), let object = parsed as? [String: Any] else {
            throw refuse("/", "expected a bundle: a JSON object from `ocop report bundle export`")
        }
        guard (object["format"] as? String) == RollupBundle.formatName else {
            throw refuse("/format", "expected '\(RollupBundle.formatName)'")
        }
        guard let version = object["format_version"] as? NSNumber else { throw refuse("/format_version", "is required") }
        guard version.stringValue == String(RollupBundle.formatVersion) else {
            throw refuse("/format_version", "version \(version.stringValue) is not supported; this host reads version \(RollupBundle.formatVersion)")
        }
        guard let signatureText = object["signature"] as? String, !signatureText.isEmpty else {
            throw refuse("/signature", "the bundle is not signed")
        }
        guard let province = object["province_code"] as? String, RollupConfig.province(province) != nil else {
            throw refuse("/province_code", "expected a 2025 province code")
        }
        guard let trusted = config.trustedProvinces[province], let trustedKey = RollupConfig.publicKey(trusted) else {
            throw refuse("/province_code", "no trusted key for province \(province): unknown signer (add it to trusted_provinces in the ocop.reporting section)")
        }
        guard (object["public_key"] as? String) == trusted else {
            throw refuse("/public_key", "signed by a key that is not the one trusted for province \(province)")
        }
        let canonical: Data
        do { canonical = try RollupCanonical.bytes(object, dropping: "signature") } catch let error as RollupCanonical.NotCanonical {
            throw refuse(error.path, error.message)
        }
        guard let signature = Data(base64Encoded: signatureText), trustedKey.isValidSignature(signature, for: canonical) else {
            throw refuse("/signature", "does not verify: the bundle was changed after it was signed")
        }
        let bundle: RollupBundle
        // Decoded from the value that was verified, not the raw bytes: a parser that read a duplicated
        // key differently could otherwise store figures the signature never covered.
        do { bundle = try JSONDecoder().decode(RollupBundle.self, from: try JSONSerialization.data(withJSONObject: object)) } catch let error as DecodingError {
            let problem = Problem(decoding: error)
            throw DomainError.invalid(problem.errors ?? [InvalidField(path: "/", message: problem.detail ?? "not a bundle")])
        }
        guard ProgrammeCalendar.parse(bundle.asOf) != nil else { throw refuse("/as_of", "expected a calendar date YYYY-MM-DD") }
        guard bundle.sequence > 0 else { throw refuse("/sequence", "expected a whole number from 1") }
        let summary = String(decoding: try Self.summaryJSON(bundle.summary), as: UTF8.self)
        let importedAt = now.formatted(.iso8601)
        return try await store.transaction { db in
            if let row = try await db.select().columns("sequence", "signature").from(Self.bundles).where("province_code", .equal, province).first() {
                let stored = try row.decode(column: "sequence", as: Int64.self)
                if stored > bundle.sequence {
                    throw DomainError.conflict("Province \(province)'s bundle \(bundle.sequence) is out of date: bundle \(stored) is already imported.", path: "/sequence")
                }
                if stored == bundle.sequence {
                    guard try row.decode(column: "signature", as: String.self) == signatureText else {
                        throw DomainError.conflict("Province \(province)'s bundle \(stored) is already imported with other figures; a province host numbers each export anew.", path: "/sequence")
                    }
                    return ImportResult(outcome: .unchanged, provinceCode: province, sequence: stored, asOf: bundle.asOf)
                }
                try await db.delete(from: Self.bundles).where("province_code", .equal, province).run()
            }
            try await db.insert(into: Self.bundles)
                .columns("province_code", "sequence", "as_of", "generated_at", "format_version", "public_key", "signature", "summary", "imported_at", "imported_by")
                .values(SQLBind(province), SQLBind(bundle.sequence), SQLBind(bundle.asOf), SQLBind(bundle.generatedAt), SQLBind(bundle.formatVersion),
                        SQLBind(bundle.publicKey), SQLBind(signatureText), SQLBind(summary), SQLBind(importedAt), SQLBind(username))
                .run()
            return ImportResult(outcome: .imported, provinceCode: province, sequence: bundle.sequence, asOf: bundle.asOf)
        }
    }

    static func summaryJSON(_ summary: RollupSummary) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(summary)
    }

    /// One imported province.
    public struct ProvinceEntry: Sendable, Codable, Equatable {
        public var provinceCode: String
        public var province: String
        public var sequence: Int64
        public var asOf: String
        public var generatedAt: String
        public var importedAt: String
        public var summary: RollupSummary

        enum CodingKeys: String, CodingKey {
            case province, sequence, summary
            case provinceCode = "province_code"
            case asOf = "as_of"
            case generatedAt = "generated_at"
            case importedAt = "imported_at"
        }
    }

    /// The nation: every imported province (Vietnamese order) and their sum.
    public struct Nation: Sendable, Codable, Equatable {
        public var provinces: [ProvinceEntry]
        public var total: RollupSummary
        /// Per province and in total: products by stars, subjects, events and revenue.
        public var table: StatTable
    }

    public func nation(on db: any SQLDatabase, now: Date = Date()) async throws -> Nation {
        let rows = try await db.select().columns("province_code", "sequence", "as_of", "generated_at", "imported_at", "summary")
            .from(Self.bundles).all()
        var entries: [ProvinceEntry] = []
        for row in rows {
            let code = try row.decode(column: "province_code", as: String.self)
            let summary = try JSONDecoder().decode(RollupSummary.self, from: Data(try row.decode(column: "summary", as: String.self).utf8))
            entries.append(ProvinceEntry(provinceCode: code, province: RollupConfig.province(code)?.name ?? code,
                                         sequence: try row.decode(column: "sequence", as: Int64.self), asOf: try row.decode(column: "as_of", as: String.self),
                                         generatedAt: try row.decode(column: "generated_at", as: String.self),
                                         importedAt: try row.decode(column: "imported_at", as: String.self), summary: summary))
        }
        entries.sort { VietnameseText.collationKey($0.province) < VietnameseText.collationKey($1.province) }
        let total = RollupSummary.sum(entries.map(\.summary))
        func cells(_ s: RollupSummary) -> [StatTable.Cell] {
            let stars = s.stars
            let events = s.eventsByKind?.values
            return [.integer(stars.stars3), .integer(stars.stars4), .integer(stars.potential5), .integer(stars.stars5), .integer(stars.total),
                    .integer(s.subjectsByLegalForm.values.reduce(0, +)),
                    events.map { .integer($0.reduce(0) { $0 + $1.events }) } ?? .null,
                    events.map { .integer($0.reduce(0) { $0 + $1.revenueTotal }) } ?? .null]
        }
        let columns: [StatTable.Column] = [
            .init("province_code", title: "Mã tỉnh", kind: .text), .init("province", title: "Tỉnh, thành phố", kind: .text),
            .init("as_of", title: "Số liệu đến ngày", kind: .date), .init("sequence", title: "Số hiệu gói", kind: .integer),
        ] + Statistics.bucketColumns + [
            .init("subjects", title: "Số chủ thể", kind: .integer), .init("events", title: "Số sự kiện", kind: .integer),
            .init("revenue_total", title: "Doanh thu sự kiện (đồng)", kind: .vnd),
        ]
        let table = StatTable(
            id: "nation", title: "Tổng hợp toàn quốc từ các gói số liệu của tỉnh, thành phố",
            definition: "Sums of the newest signed bundle imported from each province (each figure as the province host computed it on its as-of day: "
                + "products standing with 3 stars or more, potential 5-star apart; subjects with at least one such product; events of the as-of year, "
                + "not cancelled, empty when the province host has no ocop.events). Provinces without a bundle are not listed.",
            asOf: entries.map(\.asOf).max() ?? ProgrammeCalendar.today(at: now), queriedAt: now.formatted(.iso8601), columns: columns,
            rows: entries.map { [.text($0.provinceCode), .text($0.province), .text($0.asOf), .integer($0.sequence)] + cells($0.summary) }
                + [[.text(""), .text("Toàn quốc"), .text(""), .null] + cells(total)])
        return Nation(provinces: entries, total: total, table: table)
    }
}
