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

    /// The image type the bytes really are, with its file extension. The end of the file is
    /// checked too (JPEG's end-of-image marker, PNG's IEND chunk, WebP's RIFF length), so that
    /// a file with an image's first bytes and HTML after them is refused.
    static func sniff(_ data: Data) -> (type: String, ext: String)? {
        let b = [UInt8](data.prefix(12))
        if b.count >= 4, b[0] == 0xFF, b[1] == 0xD8, b[2] == 0xFF {
            // Some cameras pad after the end-of-image marker with zeros.
            var end = data.endIndex
            while end > data.startIndex, data[end - 1] == 0 { end -= 1 }
            guard end - data.startIndex >= 4, data[end - 2] == 0xFF, data[end - 1] == 0xD9 else { return nil }
            return ("image/jpeg", "jpg")
        }
        if b.count >= 8, b[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            let iend: [UInt8] = [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
            guard data.count >= 20, data.suffix(8).elementsEqual(iend) else { return nil }
            return ("image/png", "png")
        }
        if b.count >= 12, b[0..<4].elementsEqual(Array("RIFF".utf8)), b[8..<12].elementsEqual(Array("WEBP".utf8)) {
            let length = Int(b[4]) | Int(b[5]) << 8 | Int(b[6]) << 16 | Int(b[7]) << 24
            guard length + 8 == data.count || length + 9 == data.count else { return nil }
            return ("image/webp", "webp")
        }
        return nil
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

    func add(_ data: Data, declaredType: String?, product: Int64, database: any SQLStore) async throws -> Photo {
        guard !data.isEmpty else { throw DomainError.invalid([.init(path: "/", message: "the body is empty; send the image bytes")]) }
        guard let (type, ext) = Self.sniff(data) else {
            throw Problem(status: 415, title: "Unsupported Media Type", detail: "Photos must be JPEG, PNG or WebP images.")
        }
        if let declared = declaredType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased(),
           declared != type, declared != "application/octet-stream" {
            throw Problem(status: 415, title: "Unsupported Media Type", detail: "The body is \(type), but Content-Type says \(declared).")
        }
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

    func delete(photo: Int64, product: Int64, database: any SQLStore) async throws {
        let directory = self.directory
        try await database.transaction { db in
            try await Self.lockProduct(product, engine: database.engine, on: db)
            guard let row = try await db.select().columns("file_name").from(RegistrySchema.photos)
                .where("id", .equal, photo).where("product_id", .equal, product).first() else {
                throw DomainError.notFound("No photo \(photo) of product \(product).")
            }
            let name = try row.decode(column: "file_name", as: String.self)
            try await db.delete(from: RegistrySchema.photos).where("id", .equal, photo).run()
            // Earlier versions could attach one image twice: keep the file while another row uses it.
            let others = try await db.select().column("id").from(RegistrySchema.photos)
                .where("product_id", .equal, product).where("file_name", .equal, name).limit(1).first()
            if others == nil {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(String(product)).appendingPathComponent(name))
            }
        }
    }
}
