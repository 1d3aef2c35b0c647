import CQRencode
import Foundation

/// A QR code symbol (Debian's libqrencode) and its two label formats: SVG with one crisp
/// rectangle per run of dark modules, and a 1-bit grayscale PNG written here (stored deflate
/// blocks: the image is a few kilobytes, so compression would not pay for a zlib dependency).
struct QRCode: Sendable {
    /// Modules per side (21 for version 1, 4 more per version).
    let size: Int
    /// Row-major, `true` = dark.
    let modules: [Bool]

    enum Failure: Error, Equatable {
        case empty
        case tooLong
        case encoder(Int32)
    }

    /// Encodes `text` as bytes (UTF-8) at error-correction level M (15 % of the symbol may be
    /// damaged — labels get scratched), the smallest version that holds it.
    init(_ text: String) throws {
        guard !text.isEmpty else { throw Failure.empty }
        // Version 40 at level M holds 2,331 bytes; refuse earlier than the library would.
        guard text.utf8.count <= 2_000 else { throw Failure.tooLong }
        guard let symbol = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else { throw Failure.encoder(errno) }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        // Bit 0 of each byte is the module's colour; the other bits describe its role.
        let data = UnsafeBufferPointer(start: symbol.pointee.data, count: width * width)
        size = width
        modules = data.map { $0 & 1 == 1 }
    }

    func isDark(_ x: Int, _ y: Int) -> Bool { modules[y * size + x] }

    /// An SVG image `scale` pixels per module with a quiet zone of `quiet` modules (4 as the
    /// standard asks): white background, one `<rect>` per horizontal run of dark modules.
    func svg(scale: Int = 8, quiet: Int = 4) -> String {
        let side = size + 2 * quiet
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(side * scale)" height="\(side * scale)" viewBox="0 0 \(side) \(side)" \
            shape-rendering="crispEdges"><rect width="\(side)" height="\(side)" fill="#fff"/><g fill="#000">
            """
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x, y) else { x += 1; continue }
                let start = x
                while x < size && isDark(x, y) { x += 1 }
                out += "<rect x=\"\(start + quiet)\" y=\"\(y + quiet)\" width=\"\(x - start)\" height=\"1\"/>"
            }
        }
        out += "</g></svg>\n"
        return out
    }

    /// A PNG image: 1-bit grayscale, `scale` pixels per module, `quiet` modules of white around.
    func png(scale: Int = 8, quiet: Int = 4) -> Data {
        let pixels = (size + 2 * quiet) * scale
        let rowBytes = (pixels + 7) / 8
        // Scanlines: filter byte 0 (none), then the pixels, 1 = white.
        var raw = Data(capacity: (rowBytes + 1) * pixels)
        for py in 0..<pixels {
            raw.append(0)
            var row = [UInt8](repeating: 0xFF, count: rowBytes)
            let my = py / scale - quiet
            if my >= 0 && my < size {
                for px in 0..<pixels {
                    let mx = px / scale - quiet
                    if mx >= 0 && mx < size && isDark(mx, my) { row[px / 8] &= ~(0x80 >> UInt8(px % 8)) }
                }
            }
            raw.append(contentsOf: row)
        }
        var header = Data()
        header.append(PNG.bigEndian(UInt32(pixels)))
        header.append(PNG.bigEndian(UInt32(pixels)))
        header.append(contentsOf: [1, 0, 0, 0, 0])  // bit depth 1, grayscale, deflate, adaptive filters, no interlace
        var out = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        out.append(PNG.chunk("IHDR", header))
        out.append(PNG.chunk("IDAT", PNG.zlibStored(raw)))
        out.append(PNG.chunk("IEND", Data()))
        return out
    }
}

/// The few pieces of PNG and zlib a writer needs.
enum PNG {
    static func bigEndian(_ value: UInt32) -> Data {
        Data([UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
    }

    static func chunk(_ type: String, _ data: Data) -> Data {
        var out = bigEndian(UInt32(data.count))
        var body = Data(type.utf8)
        body.append(data)
        out.append(body)
        out.append(bigEndian(crc32(body)))
        return out
    }

    /// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4).
    static func zlibStored(_ data: Data) -> Data {
        var out = Data([0x78, 0x01])
        let bytes = [UInt8](data)
        var offset = 0
        repeat {
            let count = min(65_535, bytes.count - offset)
            let final: UInt8 = offset + count == bytes.count ? 1 : 0
            out.append(final)
            out.append(contentsOf: [UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)])
            out.append(contentsOf: bytes[offset..<offset + count])
            offset += count
        } while offset < bytes.count
        out.append(bigEndian(adler32(data)))
        return out
    }

    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in data { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static func adler32(_ data: Data) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }
}
