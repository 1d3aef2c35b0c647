import Crypto
import Foundation
import OCOPDomain
import OCOPPluginKit
import OCOPReporting
import OCOPTestSupport
import SQLKit
import Testing

enum RollupChecks {
    static let asOf = "2026-06-30"

    struct Exported: Sendable {
        let bytes: Data
        let publicKey: String
        let expected: [String: Int64]
        let subjects: Int64
    }

    static func keyFile() throws -> (path: String, publicKey: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ocop-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("signing.key").path
        let key = try RollupKeys.generate(to: path)
        return (path, key.rawRepresentation.base64EncodedString())
    }

    /// A province host: its own database with its own generated registry, exporting bundles.
    static func provinceHost(_ engine: DatabaseEngine, province: String, seed: Int, exports: Int = 1) async throws -> [Exported] {
        let key = try keyFile()
        let out = Box<[Exported]>([])
        try await StatisticsFixture.reportingHost(engine, reporting: "{signing_key_file: \"\(key.path)\", province_code: \"\(province)\"}") { host in
            let fixture = try await StatisticsFixture.make(host, provinces: [province], seed: seed)
            let service = try #require(host.context.services.resolve(RollupService.self))
            var made: [Exported] = []
            for _ in 0..<exports {
                let bundle = try await service.export(province: nil, asOf: asOf, store: host.database)
                #expect(bundle.provinceCode == province && bundle.asOf == asOf && bundle.formatVersion == 1)
                let subjects = Set(fixture.products.filter { StatisticsFixture.bucket($0, on: asOf) != nil }.map(\.subject)).count
                made.append(Exported(bytes: try bundle.fileBytes(), publicKey: key.publicKey, expected: fixture.counts(on: asOf), subjects: Int64(subjects)))
            }
            // The sequence grows with every export.
            let sequences = try made.map { try JSONDecoder().decode(RollupBundle.self, from: $0.bytes).sequence }
            #expect(sequences == Array(1...Int64(exports)))
            out.value = made
        }
        return out.value
    }

    final class Box<T: Sendable>: @unchecked Sendable {
        var value: T
        init(_ value: T) { self.value = value }
    }

    static func tampered(_ bytes: Data) throws -> Data {
        // One digit of the first product cell's 3★ count changes.
        var text = String(decoding: bytes, as: UTF8.self)
        let range = try #require(text.range(of: #""stars_3" : "#))
        let digit = try #require(text[range.upperBound...].first)
        let replacement: Character = digit == "9" ? "8" : Character(String((Int(String(digit)) ?? 0) + 1))
        text.replaceSubrange(range.upperBound..<text.index(after: range.upperBound), with: String(replacement))
        return Data(text.utf8)
    }

    static func twoProvincesRollUpIntoTheNation(_ engine: DatabaseEngine) async throws {
        let hanoi = try await provinceHost(engine, province: "01", seed: 0, exports: 2)
        let hcmc = try await provinceHost(engine, province: "79", seed: 1)
        let stranger = try keyFile()
        let trusted = "{trusted_provinces: {\"01\": \"\(hanoi[0].publicKey)\", \"79\": \"\(hcmc[0].publicKey)\"}}"
        try await StatisticsFixture.reportingHost(engine, reporting: trusted) { host in
            let client = host.client
            let admin = try await host.signIn(.nationalAdmin)
            let officer = try await host.signIn(.provinceOfficer, province: "01")
            func post(_ data: Data, _ headers: [String: String]) async throws -> LiveServer.Client.Reply {
                try await client.send("POST", "/api/v1/reports/bundles", body: data, headers: headers)
            }
            func stored() async throws -> Int64 {
                try await host.database.sql.raw("SELECT COUNT(*) AS n FROM reporting_bundles").first()?.decode(column: "n", as: Int64.self) ?? -1
            }
            #expect(try await post(hanoi[0].bytes, officer).status == 403)
            // Refusals store nothing.
            let bad = try tampered(hcmc[0].bytes)
            let refusedTamper = try await post(bad, admin)
            #expect(refusedTamper.status == 422, "\(refusedTamper.text)")
            #expect(refusedTamper.text.contains("/signature"), "\(refusedTamper.text)")
            var object = try #require(try JSONSerialization.jsonObject(with: hcmc[0].bytes) as? [String: Any])
            object.removeValue(forKey: "signature")
            let unsigned = try await post(try JSONSerialization.data(withJSONObject: object), admin)
            #expect(unsigned.status == 422 && unsigned.text.contains("not signed"), "\(unsigned.text)")
            object = try #require(try JSONSerialization.jsonObject(with: hcmc[0].bytes) as? [String: Any])
            object["format_version"] = 2
            let future = try await post(try JSONSerialization.data(withJSONObject: object), admin)
            #expect(future.status == 422 && future.text.contains("/format_version"), "\(future.text)")
            object = try #require(try JSONSerialization.jsonObject(with: hcmc[0].bytes) as? [String: Any])
            object["extra"] = "added after signing"
            let added = try await post(try JSONSerialization.data(withJSONObject: object), admin)
            #expect(added.status == 422 && added.text.contains("/signature"), "\(added.text)")
            // Signed by a key the nation does not trust for this province.
            var forged = try JSONDecoder().decode(RollupBundle.self, from: hcmc[0].bytes)
            let strangerFile = try #require(FileManager.default.contents(atPath: stranger.path))
            let strangerRaw = try #require(Data(base64Encoded: String(decoding: strangerFile, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
            let strangerKey = try Curve25519.Signing.PrivateKey(rawRepresentation: strangerRaw)
            try forged.sign(with: strangerKey)
            let unknownKey = try await post(try forged.fileBytes(), admin)
            #expect(unknownKey.status == 422 && unknownKey.text.contains("/public_key"), "\(unknownKey.text)")
            forged.provinceCode = "48"
            try forged.sign(with: strangerKey)
            let unknownProvince = try await post(try forged.fileBytes(), admin)
            #expect(unknownProvince.status == 422 && unknownProvince.text.contains("unknown signer"), "\(unknownProvince.text)")
            #expect(try await post(Data("not json".utf8), admin).status == 422)
            #expect(try await stored() == 0)

            // The newer Hà Nội bundle, then the older one (refused), then the same again (unchanged).
            let first = try await post(hanoi[1].bytes, admin)
            #expect(first.status == 201, "\(first.text)")
            let old = try await post(hanoi[0].bytes, admin)
            #expect(old.status == 409 && old.text.contains("out of date"), "\(old.text)")
            let again = try await post(hanoi[1].bytes, admin)
            let outcome = try again.json()["outcome"] as? String
            #expect(again.status == 200 && outcome == "unchanged", "\(again.text)")
            #expect(try await post(hcmc[0].bytes, admin).status == 201)
            #expect(try await stored() == 2)
            let before = try await host.database.sql.raw("SELECT imported_at FROM reporting_bundles ORDER BY province_code").all()
                .map { try $0.decode(column: "imported_at", as: String.self) }
            #expect(try await post(hcmc[0].bytes, admin).status == 200)
            let after = try await host.database.sql.raw("SELECT imported_at FROM reporting_bundles ORDER BY province_code").all()
                .map { try $0.decode(column: "imported_at", as: String.self) }
            #expect(before == after)

            // The nation: each province as its host counted, and their sum.
            #expect(try await client.get("/api/v1/reports/nation", headers: officer).status == 403)
            let reply = try await client.get("/api/v1/reports/nation", headers: admin)
            #expect(reply.status == 200, "\(reply.text)")
            let nation = try JSONDecoder().decode(RollupService.Nation.self, from: reply.body)
            #expect(nation.provinces.map(\.provinceCode) == ["01", "79"])
            let table = nation.table
            for (code, exported) in [("01", hanoi[1]), ("79", hcmc[0])] {
                #expect(table.buckets(table.row(code)) == exported.expected, "\(code): \(table.rows)")
                #expect(table.int(table.row(code), "subjects") == exported.subjects)
            }
            var sum: [String: Int64] = [:]
            for (k, v) in hanoi[1].expected { sum[k, default: 0] += v }
            for (k, v) in hcmc[0].expected { sum[k, default: 0] += v }
            #expect(table.buckets(table.rows.last) == sum)
            #expect(nation.total.stars.total == sum.values.reduce(0, +))
            #expect(nation.total.subjectsByLegalForm.values.reduce(0, +) == hanoi[1].subjects + hcmc[0].subjects)
            #expect(nation.total == RollupSummary.sum(nation.provinces.map(\.summary)))
        }
    }

    static func configIsDecodedStrictly() async throws {
        await #expect(throws: (any Error).self) {
            try await StatisticsFixture.reportingHost(.sqlite, reporting: "{trusted_provinces: {\"01\": \"not-a-key\"}}") { _ in }
        }
        await #expect(throws: (any Error).self) {
            try await StatisticsFixture.reportingHost(.sqlite, reporting: "{trusted_provinces: {\"99\": \"\(try keyFile().publicKey)\"}}") { _ in }
        }
        await #expect(throws: (any Error).self) {
            try await StatisticsFixture.reportingHost(.sqlite, reporting: "{signing_key: x}") { _ in }
        }
        // Keygen writes the key for its owner only.
        let key = try keyFile()
        let attributes = try FileManager.default.attributesOfItem(atPath: key.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(throws: DomainError.self) { _ = try RollupKeys.generate(to: key.path) }
    }
}

@Suite struct RollupSQLiteTests {
    @Test func twoProvincesRollUpIntoTheNation() async throws { try await RollupChecks.twoProvincesRollUpIntoTheNation(.sqlite) }
    @Test func configIsDecodedStrictly() async throws { try await RollupChecks.configIsDecodedStrictly() }
}

@Suite(.enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct RollupPostgreSQLTests {
    @Test func twoProvincesRollUpIntoTheNation() async throws { try await RollupChecks.twoProvincesRollUpIntoTheNation(.postgresql) }
}
