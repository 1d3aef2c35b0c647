import Foundation
import OCOPCSV
import OCOPPluginKit
import SQLKit

/// Exports any search as CSV (the import format, so an export can be edited in Excel and
/// imported back) or as JSON (the API's records).
public struct Exporter: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case csv, json
    }

    let database: any SQLStore

    public init(database: any SQLStore) {
        self.database = database
    }

    static let maxRows = 1_000_000

    func subjects(_ filter: SubjectStore.Filter, scope: Scope, format: Format) async throws -> Data {
        var filter = filter
        filter.limit = Self.maxRows
        filter.offset = 0
        let page = try await SubjectStore().search(filter, scope: scope, on: database.sql)
        switch format {
        case .json: return Data(JSON.string(page.items).utf8)
        case .csv:
            var writer = CSVWriter(byteOrderMark: true, excelSafe: true, reservingCapacity: page.items.count * 200)
            writer.write(ImportColumns.subjects.map(\.name))
            for s in page.items {
                writer.write([
                    s.registrationNumber, s.name, s.legalForm, s.communeCode, s.legacyCommuneCode ?? "", s.address ?? "",
                    s.representative ?? "", Self.flag(s.representativeIsWoman), Self.flag(s.representativeIsEthnicMinority),
                    s.phone ?? "", s.email ?? "", s.website ?? "", s.foundedYear.map(String.init) ?? "",
                    s.employees.map(String.init) ?? "", s.localLabourPercent.map(String.init) ?? "", s.valueChain ?? "",
                    s.salesChannels.joined(separator: ";"),
                ])
            }
            return writer.data
        }
    }

    func products(_ filter: ProductStore.Filter, scope: Scope, format: Format) async throws -> Data {
        var filter = filter
        filter.limit = Self.maxRows
        filter.offset = 0
        let page = try await ProductStore().search(filter, scope: scope, on: database.sql)
        let certificates = try await latestCertificates(on: database.sql)
        switch format {
        case .json:
            let items = page.items.map { product -> ProductRecord in
                var copy = product
                copy.certificate = certificates[product.id]?.certificate
                return copy
            }
            return Data(JSON.string(items).utf8)
        case .csv:
            let registration = try await registrationNumbers(Set(page.items.map(\.subjectID)))
            var writer = CSVWriter(byteOrderMark: true, excelSafe: true, reservingCapacity: page.items.count * 200)
            writer.write(ImportColumns.products.map(\.name))
            for p in page.items {
                let certificate = certificates[p.id]?.certificate
                writer.write([
                    registration[p.subjectID] ?? "", p.name, String(p.productSet), p.communeCode, p.legacyCommuneCode ?? "",
                    p.description ?? "", p.packaging ?? "", p.ingredients ?? "", p.rawMaterialOrigin ?? "", p.status,
                    certificate.map { String($0.stars) } ?? "", certificate?.certificateNumber ?? "", certificate?.decidedOn ?? "",
                ])
            }
            return writer.data
        }
    }

    private static func flag(_ value: Bool?) -> String { value.map { $0 ? "có" : "không" } ?? "" }

    private func registrationNumbers(_ ids: Set<Int64>) async throws -> [Int64: String] {
        var out: [Int64: String] = [:]
        let all = Array(ids)
        for start in stride(from: 0, to: all.count, by: 5000) {
            let chunk = Array(all[start..<min(all.count, start + 5000)])
            for row in try await database.sql.select().columns("id", "registration_number").from(RegistrySchema.subjects)
                .where("id", .in, SQLBind.group(chunk)).all() {
                out[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "registration_number", as: String.self)
            }
        }
        return out
    }

    /// The latest decision per product (what the product's page shows).
    private func latestCertificates(on db: any SQLDatabase) async throws -> [Int64: (id: Int64, certificate: ProductRecord.Certificate)] {
        var out: [Int64: (id: Int64, certificate: ProductRecord.Certificate)] = [:]
        for row in try await db.select().columns("id", "product_id", "stars", "certificate_number", "decided_on", "valid_until", "source")
            .from(RegistrySchema.certifications).orderBy("decided_on").orderBy("id").all() {
            let product = try row.decode(column: "product_id", as: Int64.self)
            out[product] = (try row.decode(column: "id", as: Int64.self), ProductRecord.Certificate(
                stars: try row.decode(column: "stars", as: Int.self),
                certificateNumber: try row.decode(column: "certificate_number", as: String?.self),
                decidedOn: try row.decode(column: "decided_on", as: String.self),
                validUntil: try row.decode(column: "valid_until", as: String.self),
                source: try row.decode(column: "source", as: String.self)))
        }
        return out
    }
}

extension Exporter {
    /// Everything (or one province) with full detail, for operators on the command line.
    public func exportAll(subjects: Bool, province: String?, format: Format) async throws -> Data {
        let operatorScope = Scope(principal: Principal(userID: 0, username: "operator", role: .nationalAdmin))
        if subjects {
            var filter = SubjectStore.Filter()
            filter.province = province
            return try await self.subjects(filter, scope: operatorScope, format: format)
        }
        var filter = ProductStore.Filter()
        filter.province = province
        return try await products(filter, scope: operatorScope, format: format)
    }
}
