import OCOPDomain

/// Sentences for product descriptions and raw-material origins, by sector. `{Base}` is the product
/// word, `{item}` the same in lower case, `{place}` the place. A few contain quotes or a line
/// break on purpose, so importers meet RFC 4180 quoting in realistic data.
enum ProductWords {
    static let qualifiers = ["đặc biệt", "truyền thống", "hảo hạng", "cao cấp", "gia truyền", "loại 1", "hộp quà", "thượng hạng"]

    static func descriptions(_ sector: Sector) -> [String] {
        switch sector {
        case .food, .drinks, .herbal:
            [
                "{Base} được sản xuất theo phương pháp truyền thống tại {place}.",
                "Sản phẩm {item} từ vùng nguyên liệu {place}, có tem truy xuất nguồn gốc.",
                "{Base} {place}, đạt chứng nhận an toàn thực phẩm, được người tiêu dùng tin dùng.",
                "Được mệnh danh là \"đặc sản {place}\", {item} có hương vị riêng, đậm đà.",
                "{Base} {place}.\nBảo quản nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.",
            ]
        case .handicraft:
            [
                "{Base} làm thủ công bởi nghệ nhân {place}, mẫu mã đa dạng.",
                "Sản phẩm {item} của làng nghề {place}, kết hợp kỹ thuật truyền thống và thiết kế hiện đại.",
                "Được mệnh danh là \"tinh hoa làng nghề {place}\", mỗi sản phẩm là một tác phẩm riêng.",
            ]
        case .ornamentals:
            [
                "{Base} được chăm sóc tại vườn ở {place}, dáng đẹp, khỏe.",
                "{Base} {place}, giống chọn lọc, phù hợp trang trí dịp lễ, Tết.",
            ]
        case .ruralTourism:
            [
                "Trải nghiệm đời sống, văn hóa và ẩm thực của người dân {place}.",
                "Tham quan, lưu trú và trải nghiệm sản xuất nông nghiệp tại {place};\nđón khách quanh năm.",
                "Khu sinh thái tại {place} với các hoạt động trải nghiệm, ẩm thực địa phương.",
            ]
        }
    }

    static func origins(_ sector: Sector) -> [String] {
        switch sector {
        case .food, .drinks, .herbal:
            ["Vùng nguyên liệu tại {place}", "Liên kết với {n} hộ dân tại {place}", "Tự sản xuất tại {place}", "Thu mua từ các hộ trong {province}"]
        case .handicraft:
            ["Nguyên liệu khai thác tại {place}", "Thu mua từ các hộ trong {province}", "Nhập từ các tỉnh lân cận"]
        case .ornamentals:
            ["Tự nhân giống tại {place}", "Giống từ các vườn trong {province}"]
        case .ruralTourism:
            []
        }
    }

    /// Fills `{Base}`, `{item}`, `{place}`, `{province}` and `{n}` in a template. A plain scan:
    /// `String.replacing` made generation several times slower.
    static func fill(_ template: String, base: String, place: String, province: String, number: Int) -> String {
        var result = ""
        result.reserveCapacity(template.utf8.count + base.utf8.count + place.utf8.count)
        var rest = Substring(template)
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "{")),
            let close = rest.utf8[open...].firstIndex(of: UInt8(ascii: "}"))
        {
            result += rest[..<open]
            switch rest[rest.utf8.index(after: open)..<close] {
            case "Base": result += base
            case "item": result += lowercasingFirst(base)
            case "place": result += place
            case "province": result += province
            case "n": result += String(number)
            default: result += rest[open...close]
            }
            rest = rest[rest.utf8.index(after: close)...]
        }
        result += rest
        return result
    }

    /// "Chè Shan tuyết" → "chè Shan tuyết" (only the first letter: the rest may be a proper name).
    static func lowercasingFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }

    static func uppercasingFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
