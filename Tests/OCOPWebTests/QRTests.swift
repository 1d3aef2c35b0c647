import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import OCOPWeb

/// The QR codes on labels: libqrencode's matrix, the SVG and the PNG written from it.
@Suite struct QRTests {
    static let url = "https://ocop.example.vn/san-pham/42"

    @Test func theMatrixOfAURLHasItsFinderPatternsAndVersionSize() throws {
        let code = try QRCode(Self.url)
        // 35 bytes at level M need version 3: 21 + 4 × 2 modules per side.
        #expect(code.size == 29)
        #expect(code.modules.count == 29 * 29)
        // The three finder patterns: a dark 7×7 ring, a light ring, a dark 3×3 centre.
        for (ox, oy) in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
            for i in 0..<7 {
                #expect(code.isDark(ox + i, oy) && code.isDark(ox + i, oy + 6) && code.isDark(ox, oy + i) && code.isDark(ox + 6, oy + i))
            }
            for i in 1..<6 { #expect(!code.isDark(ox + i, oy + 1) && !code.isDark(ox + 1, oy + i)) }
            for y in 2..<5 { for x in 2..<5 { #expect(code.isDark(ox + x, oy + y)) } }
        }
        // No finder at the fourth corner.
        #expect(!(0..<7).allSatisfy { code.isDark(code.size - 1 - $0, code.size - 1) })
        #expect(throws: QRCode.Failure.empty) { try QRCode("") }
        #expect(throws: QRCode.Failure.tooLong) { try QRCode(String(repeating: "a", count: 2_001)) }
    }

    @Test func theSVGIsWellFormedXMLWithTheQuietZone() throws {
        let code = try QRCode(Self.url)
        let svg = code.svg(scale: 8, quiet: 4)
        final class Collector: NSObject, XMLParserDelegate {
            var root: [String: String] = [:]
            var rects = 0
            var darkArea = 0
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                if name == "svg" { root = attributes }
                if name == "rect" {
                    rects += 1
                    if attributes["x"] != nil { darkArea += Int(attributes["width"] ?? "") ?? 0 }
                }
            }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(collector.root["viewBox"] == "0 0 37 37")
        #expect(collector.root["width"] == "296")
        #expect(collector.root["shape-rendering"] == "crispEdges")
        // Every dark module is covered exactly once by the runs.
        #expect(collector.darkArea == code.modules.filter { $0 }.count)
        #expect(collector.rects > 1)
    }

    @Test func thePNGIsValidAndItsPixelsAreTheModules() throws {
        let code = try QRCode(Self.url)
        let png = code.png(scale: 4, quiet: 4)
        let image = try DecodedPNG(png)
        #expect(image.width == (29 + 8) * 4 && image.height == image.width)
        #expect(image.chunks == ["IHDR", "IDAT", "IEND"])
        // Quiet zone white, the top-left finder's corner dark, a module read back at its centre.
        #expect(!image.dark(0, 0))
        #expect(image.dark(16, 16))
        for y in 0..<code.size {
            for x in 0..<code.size { #expect(image.dark((x + 4) * 4 + 2, (y + 4) * 4 + 2) == code.isDark(x, y)) }
        }
        // A damaged byte breaks the chunk's CRC.
        var broken = png
        broken[40] ^= 0xFF
        #expect(throws: DecodedPNG.Failure.self) { try DecodedPNG(broken) }
    }

    @Test func aLargeImageSpansSeveralStoredBlocks() throws {
        let code = try QRCode(String(repeating: "https://ocop.example.vn/", count: 20))
        let png = code.png(scale: 16, quiet: 4)
        let image = try DecodedPNG(png)
        #expect(image.blocks > 1)
        #expect(image.width == (code.size + 8) * 16)
    }

    /// zbarimg (Debian's zbar-tools) reads the PNG back as the URL, when installed.
    @Test func aReaderDecodesThePNGToTheURL() throws {
        let tool = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let tool else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).png")
        try (try QRCode(Self.url)).png().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--quiet", "--raw", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == Self.url)
    }
}

/// A strict reader of the PNGs the module writes: checks the signature, every chunk's CRC, the
/// zlib header and Adler-32, and unpacks the stored blocks into 1-bit grayscale rows.
struct DecodedPNG {
    enum Failure: Error { case signature, truncated, crc(String), zlib, adler, header, size }

    var width = 0
    var height = 0
    var chunks: [String] = []
    var blocks = 0
    var rows: [[UInt8]] = []

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Failure.signature }
        func u32(_ at: Int) -> UInt32 { bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        var at = 8
        var idat: [UInt8] = []
        while at < bytes.count {
            guard at + 12 <= bytes.count else { throw Failure.truncated }
            let length = Int(u32(at))
            guard at + 12 + length <= bytes.count else { throw Failure.truncated }
            let type = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
            guard PNG.crc32(Data(bytes[at + 4..<at + 8 + length])) == u32(at + 8 + length) else { throw Failure.crc(type) }
            let body = Array(bytes[at + 8..<at + 8 + length])
            if type == "IHDR" {
                width = Int(body[0..<4].reduce(0) { $0 << 8 | UInt32($1) })
                height = Int(body[4..<8].reduce(0) { $0 << 8 | UInt32($1) })
                guard body[8] == 1, body[9] == 0, body[10] == 0, body[11] == 0, body[12] == 0 else { throw Failure.header }
            }
            if type == "IDAT" { idat += body }
            chunks.append(type)
            at += 12 + length
        }
        // zlib: CMF/FLG checksum, stored blocks only, Adler-32 of the inflated bytes.
        guard idat.count >= 6, idat[0] & 0x0F == 8, (UInt16(idat[0]) << 8 | UInt16(idat[1])) % 31 == 0 else { throw Failure.zlib }
        var raw: [UInt8] = []
        var p = 2
        while true {
            let final = idat[p] & 1
            guard idat[p] >> 1 & 3 == 0 else { throw Failure.zlib }
            let length = Int(idat[p + 1]) | Int(idat[p + 2]) << 8
            let complement = Int(idat[p + 3]) | Int(idat[p + 4]) << 8
            guard length ^ 0xFFFF == complement else { throw Failure.zlib }
            raw += idat[p + 5..<p + 5 + length]
            p += 5 + length
            blocks += 1
            if final == 1 { break }
        }
        let adler = idat[p..<p + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard PNG.adler32(Data(raw)) == adler else { throw Failure.adler }
        let rowBytes = (width + 7) / 8
        guard raw.count == height * (rowBytes + 1) else { throw Failure.size }
        for y in 0..<height {
            guard raw[y * (rowBytes + 1)] == 0 else { throw Failure.zlib }
            rows.append(Array(raw[y * (rowBytes + 1) + 1..<(y + 1) * (rowBytes + 1)]))
        }
    }

    func dark(_ x: Int, _ y: Int) -> Bool { rows[y][x / 8] & (0x80 >> UInt8(x % 8)) == 0 }
}
