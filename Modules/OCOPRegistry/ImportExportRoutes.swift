import Foundation
import OCOPDomain
import OCOPPluginKit

/// `/api/v1/imports/…` (spreadsheets in) and `/api/v1/exports/…` (any search out, CSV or JSON).
struct ImportExportRoutes {
    let maxImportBytes: Int
    let environment: RegistryEnvironment
    var exports = TransferLimiter(name: "exports", limit: 2)
    var imports = TransferLimiter(name: "imports", limit: 1)

    static let importers: Access = .roles([.nationalAdmin, .provinceOfficer])

    var endpoints: [Endpoint] {
        let environment = self.environment, exports = self.exports, imports = self.imports
        return [
            Endpoint(.post, "/api/v1/imports/subjects", access: Self.importers, summary: "Import subjects from CSV",
                     maxBodyBytes: maxImportBytes, spoolsBody: true) { request in
                try await Self.runImport(request, environment: environment, limiter: imports) { importer, input, options in
                    try await importer.importSubjects(input, options: options)
                }
            },
            Endpoint(.post, "/api/v1/imports/products", access: Self.importers, summary: "Import products from CSV",
                     maxBodyBytes: maxImportBytes, spoolsBody: true) { request in
                try await Self.runImport(request, environment: environment, limiter: imports) { importer, input, options in
                    try await importer.importProducts(input, options: options)
                }
            },
            Endpoint(.get, "/api/v1/imports", access: Self.importers, summary: "Import runs, newest first") { request in
                let province = try Self.ownProvince(request, requested: try QueryFilters.province(request))
                return try .json(try await ImportRunStore().list(province: province, limit: try Paging.limit(request),
                                                                 offset: try Paging.offset(request), on: request.context.database.sql))
            },
            Endpoint(.post, "/api/v1/imports/{id}/undo", access: Self.importers,
                     summary: "Undo an import run while nothing depends on it") { request in
                let id = try QueryFilters.id(request, kind: "import run")
                let undone = try await ImportUndo(context: request.context, environment: environment)
                    .undo(id, by: request.principal, restrictedTo: request.principal?.role == .nationalAdmin ? nil : request.principal?.provinceCode)
                return try .json(undone)
            },
            // Public: anonymous callers get published data only (the scope decides), streamed.
            Endpoint(.get, "/api/v1/exports/subjects", access: .anyone, summary: "Export a subject search as CSV or JSON") { request in
                let format = try Self.format(request)
                let filter = try QueryFilters.subjects(request)
                try exports.acquire()
                let cursor = Exporter(database: request.context.database)
                    .subjects(filter, scope: Scope(principal: request.principal), format: format, onFinish: exports.release)
                return Self.file(cursor, format: format, name: "subjects")
            },
            Endpoint(.get, "/api/v1/exports/products", access: .anyone, summary: "Export a product search as CSV or JSON") { request in
                let format = try Self.format(request)
                let filter = try QueryFilters.products(request)
                try exports.acquire()
                let history = try Self.flag(request, "history")
                let cursor = Exporter(database: request.context.database)
                    .products(filter, scope: Scope(principal: request.principal), format: format, history: history, onFinish: exports.release)
                return Self.file(cursor, format: format, name: "products")
            },
        ]
    }

    static func format(_ request: EndpointRequest) throws(Problem) -> Exporter.Format {
        guard let raw = request.query("format") else { return .csv }
        guard let format = Exporter.Format(rawValue: raw) else {
            throw Problem.invalid([.init(path: "/format", message: "expected csv or json, found '\(raw)'")])
        }
        return format
    }

    static func file(_ cursor: ExportCursor, format: Exporter.Format, name: String) -> EndpointResponse {
        let type = format == .csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8"
        return .streamed(headers: [
            ("Content-Type", type),
            ("Content-Disposition", "attachment; filename=\"ocop-\(name)-\(Clock.today()).\(format.rawValue)\""),
        ], ResponseStream { try await cursor.next() })
    }

    static func flag(_ request: EndpointRequest, _ name: String) throws(Problem) -> Bool {
        guard let raw = request.query(name) else { return false }
        guard let value = Bool(raw) else { throw Problem.invalid([.init(path: "/" + name, message: "expected true or false")]) }
        return value
    }

    /// National admins see any province (or all); officers their own.
    static func ownProvince(_ request: EndpointRequest, requested: String?) throws(Problem) -> String? {
        guard let principal = request.principal, principal.role != .nationalAdmin else { return requested }
        guard requested == nil || requested == principal.provinceCode else { throw Problem.forbidden("Officers see their own province's imports.") }
        return principal.provinceCode
    }

    /// Officers import into their own province; national admins name it with `?province=`.
    static func runImport(
        _ request: EndpointRequest, environment: RegistryEnvironment, limiter: TransferLimiter,
        _ run: (Importer, ImportInput, ImportOptions) async throws -> ImportReport
    ) async throws -> EndpointResponse {
        try limiter.acquire()
        defer { limiter.release() }
        guard let principal = request.principal else { throw Problem(status: 401, title: "Unauthorized") }
        let requested = try QueryFilters.province(request)
        let province: String
        if principal.role == .nationalAdmin {
            guard let requested else { throw Problem.invalid([.init(path: "/province", message: "is required: the province the file belongs to")]) }
            province = requested
        } else {
            guard let own = principal.provinceCode, requested == nil || requested == own else {
                throw Problem.forbidden("Officers import into their own province only.")
            }
            province = own
        }
        var options = ImportOptions(province: province, dryRun: try flag(request, "dry_run"), skipInvalid: try flag(request, "skip_invalid"))
        if let columns = request.query("columns") {
            do { options.columns = try ColumnMapping.parse(json: columns) } catch let error as ColumnMappingError {
                throw Problem.invalid(error.lines.map { .init(path: "/columns", message: $0) })
            }
        }
        let importer = Importer(context: request.context, environment: environment, actor: principal)
        let report: ImportReport
        do {
            report = try await run(importer, request.bodyFile.map { ImportInput.file($0, name: request.query("file_name")) }
                                   ?? .bytes(Array(request.body), name: request.query("file_name")), options)
        } catch let error as ColumnMappingError {
            throw Problem.invalid(error.lines.map { .init(path: "/columns", message: $0) })
        } catch let error as Importer.FileError {
            throw Problem(status: 422, title: "Unreadable CSV", detail: error.description,
                          errors: [.init(path: "/line/\(error.issue.line)" + (error.issue.field.map { "/" + $0 } ?? ""), message: error.issue.bilingual)])
        }
        if !report.written && !report.dryRun {
            throw Problem(status: 422, title: "Invalid rows", detail:
                "\(report.invalid.count) of \(report.rows) rows are invalid; nothing was imported. Fix them, or import the valid rows with skip_invalid=true.",
                errors: report.invalid.map { .init(path: "/line/\($0.line)" + ($0.field.map { "/" + $0 } ?? ""), message: $0.bilingual) })
        }
        return try .json(report)
    }
}
