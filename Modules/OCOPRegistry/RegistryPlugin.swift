import Foundation
import OCOPPluginKit
import SQLKit

/// The core registries: producers ("chủ thể") and their products, with search, history,
/// the certification ledger, imports and exports.
public struct RegistryPlugin: Plugin {
    public static let manifest = PluginManifest(
        id: "ocop.registry",
        version: "0.2.0",
        summary: "Registries of subjects (chủ thể) and products: search, history, certification ledger, CSV import/export",
        requires: [
            .service((any AuditLog).self, why: "every change is written to the audit trail in the same transaction"),
        ],
        provides: [
            ServiceName((any CertificationRecorder).self), ServiceName((any SubjectLookup).self), ServiceName((any ProductLookup).self),
        ]
    )

    public struct Config: Decodable, Sendable {
        /// Largest CSV accepted by the import endpoints.
        public var maxImportBytes: Int
        /// Where product photos are stored (one folder per product).
        public var photosDirectory: String
        /// Largest photo accepted.
        public var maxPhotoBytes: Int
        /// Exports running at once (each streams, holding one database connection); more get 503.
        public var maxConcurrentExports = 2
        /// API imports running at once (each holds its file in memory); more get 503.
        public var maxConcurrentImports = 1
        /// Memory for product reads kept as JSON (`ProductReadCache`); 0 turns the cache off.
        public var readCacheMB = 16
        /// Memory for the in-memory search model (`SearchModel`); 0 turns it off.
        public var searchMemoryMB = 96

        enum CodingKeys: String, CodingKey {
            case maxImportBytes = "max_import_bytes"
            case photosDirectory = "photos_dir"
            case maxPhotoBytes = "max_photo_bytes"
            case maxConcurrentExports = "max_concurrent_exports"
            case maxConcurrentImports = "max_concurrent_imports"
            case readCacheMB = "read_cache_mb"
            case searchMemoryMB = "search_memory_mb"
        }

        public init(maxImportBytes: Int = 64 * 1024 * 1024, photosDirectory: String = "./data/photos", maxPhotoBytes: Int = 5 * 1024 * 1024) {
            self.maxImportBytes = maxImportBytes
            self.photosDirectory = photosDirectory
            self.maxPhotoBytes = maxPhotoBytes
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Config()
            maxImportBytes = try c.decodeIfPresent(Int.self, forKey: .maxImportBytes) ?? defaults.maxImportBytes
            photosDirectory = try c.decodeIfPresent(String.self, forKey: .photosDirectory) ?? defaults.photosDirectory
            maxPhotoBytes = try c.decodeIfPresent(Int.self, forKey: .maxPhotoBytes) ?? defaults.maxPhotoBytes
            maxConcurrentExports = try c.decodeIfPresent(Int.self, forKey: .maxConcurrentExports) ?? defaults.maxConcurrentExports
            maxConcurrentImports = try c.decodeIfPresent(Int.self, forKey: .maxConcurrentImports) ?? defaults.maxConcurrentImports
            readCacheMB = try c.decodeIfPresent(Int.self, forKey: .readCacheMB) ?? defaults.readCacheMB
            searchMemoryMB = try c.decodeIfPresent(Int.self, forKey: .searchMemoryMB) ?? defaults.searchMemoryMB
            for (key, value) in [(CodingKeys.readCacheMB, readCacheMB), (.searchMemoryMB, searchMemoryMB)] where !(0...4096).contains(value) {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "expected 0 (off) to 4096 MB, found \(value)")
            }
            for (key, value) in [(CodingKeys.maxConcurrentExports, maxConcurrentExports), (.maxConcurrentImports, maxConcurrentImports)]
            where !(1...64).contains(value) {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "expected 1 to 64, found \(value)")
            }
            guard maxImportBytes >= 1024 else {
                throw DecodingError.dataCorruptedError(forKey: .maxImportBytes, in: c, debugDescription: "expected at least 1024 bytes")
            }
            guard (1024...(64 * 1024 * 1024)).contains(maxPhotoBytes) else {
                throw DecodingError.dataCorruptedError(forKey: .maxPhotoBytes, in: c, debugDescription: "expected 1 KiB to 64 MiB")
            }
        }
    }

    let config: Config

    public init(config: Config) {
        self.config = config
    }

    public func register(with registrar: Registrar) throws {
        let environment = RegistryEnvironment(
            audit: try registrar.use((any AuditLog).self),
            aliases: try registrar.own(RegistryPoints.importAliases, describe: \.description) { new, earlier in
                try ImportColumns.validate(new.value, earlier: earlier.map(\.value))
            })
        try registrar.keep(environment)
        let cache = ProductReadCache(budgetBytes: config.readCacheMB * 1024 * 1024)
        let search = SearchModel(budgetBytes: config.searchMemoryMB * 1024 * 1024)
        let service = RegistryService(environment: environment, cache: cache, search: search)
        try registrar.keep(service)
        for migration in RegistrySchema.migrations { try registrar.add(migration) }
        try registrar.add(ReadCacheService(cache: cache, search: search))
        for endpoint in RegistryRoutes(service: service).endpoints { try registrar.add(endpoint) }
        for endpoint in ReviewRoutes(service: service).endpoints { try registrar.add(endpoint) }
        let transfers = ImportExportRoutes(maxImportBytes: config.maxImportBytes, environment: environment,
                                           exports: TransferLimiter(name: "exports", limit: config.maxConcurrentExports),
                                           imports: TransferLimiter(name: "imports", limit: config.maxConcurrentImports))
        for endpoint in transfers.endpoints { try registrar.add(endpoint) }
        let photos = PhotoStore(directory: URL(fileURLWithPath: config.photosDirectory, isDirectory: true), maxBytes: config.maxPhotoBytes)
        for endpoint in PhotoRoutes(photos: photos, service: service).endpoints { try registrar.add(endpoint) }
        try registrar.provide((any CertificationRecorder).self, CertificationLedger())
        try registrar.provide((any SubjectLookup).self, SubjectAreas())
        try registrar.provide((any ProductLookup).self, ProductFactsLookup())
        try registrar.add(CertificateLifecycle())
        try registrar.describe(openAPI: RegistryOpenAPI.document)
        try registrar.describe(openAPI: RegistryTransferOpenAPI.document)
        try registrar.add(command: PluginCommand(ImportCommand.self))
        try registrar.add(command: PluginCommand(ExportCommand.self))
        try registrar.add(command: PluginCommand(GenerateCommand.self))
        try registrar.add(command: PluginCommand(ReviewCommand.self))
        try registrar.add(command: PluginCommand(ImportRunsCommand.self))
    }
}

/// What the registry's parts share once registration closes: the audit log it requires and the
/// import headers plugins contributed.
struct RegistryEnvironment: Sendable {
    let audit: ServiceRef<any AuditLog>
    let aliases: Contributions<ImportAlias>
}

/// Attaches the read cache and the search model to the host's event feed once the host runs
/// (not in commands).
struct ReadCacheService: PluginService {
    let cache: ProductReadCache
    let search: SearchModel
    var name: String { "read-cache" }
    func start(context: PluginContext) async throws {
        cache.attach(context.feed)
        search.attach(context.feed)
    }
    func stop(context: PluginContext) async {}
}

/// Tells other modules (accounts, for producers) where a subject is.
struct SubjectAreas: SubjectLookup {
    func area(ofSubject id: Int64, on database: any SQLDatabase) async throws -> (provinceCode: String, communeCode: String)? {
        guard let row = try await database.select().columns("province_code", "commune_code").from(RegistrySchema.subjects)
            .where("id", .equal, id).first() else { return nil }
        return (try row.decode(column: "province_code", as: String.self), try row.decode(column: "commune_code", as: String.self))
    }
}

/// A product's facts for other modules (craft villages, events, shelves).
struct ProductFactsLookup: ProductLookup {
    func product(_ id: Int64, on database: any SQLDatabase) async throws -> ProductFacts? {
        guard let record = try await ProductStore().find(id, on: database) else { return nil }
        return ProductFacts(id: record.id, subjectID: record.subjectID, subjectName: record.subjectName, provinceCode: record.provinceCode,
                            communeCode: record.communeCode, name: record.name, productSet: record.productSet, currentStars: record.stars,
                            active: record.status == ProductStatus.active.rawValue)
    }
}
