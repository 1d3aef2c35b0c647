import Crypto
import Foundation
import OCOPPluginKit
import SQLKit

/// Product photos: files on disk (one folder per product, named by content hash), metadata in
/// `registry_product_photos`. Only JPEG, PNG and WebP are accepted, recognised by their bytes
/// rather than the client's word.
struct PhotoStore: Sendable {
    let directory: URL
    let maxBytes: Int
    static let maxPerProduct = 12

    struct Photo: Codable, Sendable, Equatable {
        var id: Int64
        var contentType: String
        var bytes: Int
        var sha256: String
        var url: String
        enum CodingKeys: String, CodingKey {
            case id, bytes, sha256, url
            case contentType = "content_type"
        }
    }

    /// The image type the bytes really are, with its file extension (`ContentSniffer`).
    static func sniff(_ data: Data) -> (type: String, ext: String)? {
        ContentSniffer.image(data).map { ($0.contentType, $0.fileExtension) }
    }

    static func list(product: Int64, on db: any SQLDatabase) async throws -> [Photo] {
        try await db.select().columns("id", "content_type", "bytes", "sha256").from(RegistrySchema.photos)
            .where("product_id", .equal, product).orderBy("id").all().map { row in
                let id = try row.decode(column: "id", as: Int64.self)
                return Photo(id: id, contentType: try row.decode(column: "content_type", as: String.self),
                             bytes: try row.decode(column: "bytes", as: Int.self), sha256: try row.decode(column: "sha256", as: String.self),
                             url: "/api/v1/products/\(product)/photos/\(id)")
            }
    }

    func add(_ data: Data, declaredType: String?, product: Int64, context: PluginContext) async throws -> Photo {
        let database = context.database
        guard !data.isEmpty else { throw DomainError.invalid([.init(path: "/", message: "the body is empty; send the image bytes")]) }
        guard let (type, ext) = Self.sniff(data) else {
            throw Problem(status: 415, title: "Unsupported Media Type", detail: "Photos must be JPEG, PNG or WebP images.")
        }
        try ContentSniffer.check(declared: declaredType, against: ContentSniffer.Kind(contentType: type, fileExtension: ext))
        let hash = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let folder = directory.appendingPathComponent(String(product), isDirectory: true)
        let fileName = "\(hash).\(ext)"
        let size = data.count
        // One transaction holding the product row: concurrent uploads to a product take turns,
        // so the limit holds and one image is stored once.
        return try await database.transaction { db in
            try await Self.lockProduct(product, engine: database.engine, on: db)
            let existing = try await Self.list(product: product, on: db)
            if let same = existing.first(where: { $0.sha256 == hash }) { return same }
            guard existing.count < Self.maxPerProduct else {
                throw DomainError.conflict("A product keeps at most \(Self.maxPerProduct) photos; delete one first.")
            }
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                // Write then rename, so a reader never sees half a file.
                let temporary = folder.appendingPathComponent(".\(UUID().uuidString).tmp")
                try data.write(to: temporary)
                let final = folder.appendingPathComponent(fileName)
                if FileManager.default.fileExists(atPath: final.path) { try FileManager.default.removeItem(at: temporary) } else {
                    try FileManager.default.moveItem(at: temporary, to: final)
                }
            } catch {
                throw Problem(status: 507, title: "Insufficient Storage", detail: "The photo could not be stored.")
            }
            let row = try await db.insert(into: RegistrySchema.photos)
                .columns("product_id", "content_type", "bytes", "sha256", "file_name", "created_at")
                .values(SQLBind(product), SQLBind(type), SQLBind(size), SQLBind(hash), SQLBind(fileName), SQLBind(Clock.now()))
                .returning("id").first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw RegistryError.notStored }
            try await context.outbox.publish(ProductPhotosChanged(productID: product, photoID: id, change: "added"), on: db)
            return Photo(id: id, contentType: type, bytes: size, sha256: hash, url: "/api/v1/products/\(product)/photos/\(id)")
        }
    }

    /// PostgreSQL: a row lock on the product (SQLite transactions here already run one at a time).
    static func lockProduct(_ product: Int64, engine: DatabaseEngine, on db: any SQLDatabase) async throws {
        guard engine == .postgresql else { return }
        guard try await db.raw("SELECT id FROM \(unsafeRaw: RegistrySchema.products) WHERE id = \(bind: product) FOR UPDATE").first() != nil else {
            throw DomainError.notFound("No product \(product).")
        }
    }

    func read(photo: Int64, product: Int64, on db: any SQLDatabase) async throws -> (type: String, data: Data) {
        guard let row = try await db.select().columns("content_type", "file_name").from(RegistrySchema.photos)
            .where("id", .equal, photo).where("product_id", .equal, product).first() else {
            throw DomainError.notFound("No photo \(photo) of product \(product).")
        }
        let file = directory.appendingPathComponent(String(product)).appendingPathComponent(try row.decode(column: "file_name", as: String.self))
        guard let data = try? Data(contentsOf: file) else { throw DomainError.notFound("The file of photo \(photo) is missing.") }
        return (try row.decode(column: "content_type", as: String.self), data)
    }

    func delete(photo: Int64, product: Int64, context: PluginContext) async throws {
        let directory = self.directory
        let database = context.database
        try await database.transaction { db in
            try await Self.lockProduct(product, engine: database.engine, on: db)
            guard let row = try await db.select().columns("file_name").from(RegistrySchema.photos)
                .where("id", .equal, photo).where("product_id", .equal, product).first() else {
                throw DomainError.notFound("No photo \(photo) of product \(product).")
            }
            let name = try row.decode(column: "file_name", as: String.self)
            try await db.delete(from: RegistrySchema.photos).where("id", .equal, photo).run()
            try await context.outbox.publish(ProductPhotosChanged(productID: product, photoID: photo, change: "deleted"), on: db)
            // Earlier versions could attach one image twice: keep the file while another row uses it.
            let others = try await db.select().column("id").from(RegistrySchema.photos)
                .where("product_id", .equal, product).where("file_name", .equal, name).limit(1).first()
            if others == nil {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(String(product)).appendingPathComponent(name))
            }
        }
    }
}
