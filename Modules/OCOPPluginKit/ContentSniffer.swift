import Foundation

/// What uploaded bytes really are, whatever the request claims: the one check every module's
/// uploads go through (product photos, dossier papers). The end of the file is checked too
/// (JPEG's end-of-image marker, PNG's IEND chunk, WebP's RIFF length, PDF's `%%EOF`), so that a
/// file with a valid first few bytes and HTML after them is refused.
public enum ContentSniffer {
    public struct Kind: Sendable, Hashable {
        public var contentType: String
        public var fileExtension: String
        public init(contentType: String, fileExtension: String) {
            self.contentType = contentType
            self.fileExtension = fileExtension
        }
    }

    public static let jpeg = Kind(contentType: "image/jpeg", fileExtension: "jpg")
    public static let png = Kind(contentType: "image/png", fileExtension: "png")
    public static let webp = Kind(contentType: "image/webp", fileExtension: "webp")
    public static let pdf = Kind(contentType: "application/pdf", fileExtension: "pdf")

    /// JPEG, PNG or WebP; nil for anything else.
    public static func image(_ data: Data) -> Kind? {
        let b = [UInt8](data.prefix(12))
        if b.count >= 4, b[0] == 0xFF, b[1] == 0xD8, b[2] == 0xFF {
            // Some cameras pad after the end-of-image marker with zeros.
            var end = data.endIndex
            while end > data.startIndex, data[end - 1] == 0 { end -= 1 }
            guard end - data.startIndex >= 4, data[end - 2] == 0xFF, data[end - 1] == 0xD9 else { return nil }
            return jpeg
        }
        if b.count >= 8, b[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            let iend: [UInt8] = [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
            guard data.count >= 20, data.suffix(8).elementsEqual(iend) else { return nil }
            return png
        }
        if b.count >= 12, b[0..<4].elementsEqual(Array("RIFF".utf8)), b[8..<12].elementsEqual(Array("WEBP".utf8)) {
            let length = Int(b[4]) | Int(b[5]) << 8 | Int(b[6]) << 16 | Int(b[7]) << 24
            guard length + 8 == data.count || length + 9 == data.count else { return nil }
            return webp
        }
        return nil
    }

    /// A PDF (header `%PDF-1.x` or `%PDF-2.x`, `%%EOF` in the last kilobyte) or an image.
    public static func document(_ data: Data) -> Kind? {
        if data.starts(with: Array("%PDF-".utf8)) {
            let tail = data.suffix(1024)
            guard tail.range(of: Data("%%EOF".utf8)) != nil else { return nil }
            return pdf
        }
        return image(data)
    }

    /// Throws a 415 problem unless a declared `Content-Type` (parameters ignored) agrees with the bytes.
    public static func check(declared: String?, against kind: Kind) throws(Problem) {
        guard let declared = declared?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased(),
              declared != kind.contentType, declared != "application/octet-stream" else { return }
        throw Problem(status: 415, title: "Unsupported Media Type", detail: "The body is \(kind.contentType), but Content-Type says \(declared).")
    }
}
