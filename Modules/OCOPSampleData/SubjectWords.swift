import OCOPDomain

/// Words for subject names, addresses and value chains.
enum SubjectWords {
    static let brands = [
        "An Phát", "Phúc Lộc", "Thiên Phú", "Hưng Thịnh", "Minh Anh", "Hoàng Gia", "Việt Xanh", "Tâm Đức", "Bảo Ngọc",
        "Đại Phát", "Tân Tiến", "Hồng Hà", "Sao Mai", "Hương Quê", "Phú Gia", "Thành Đạt", "Kim Long", "Đông Á",
        "Nam Việt", "Trường Sơn", "Hòa Bình", "Thuận Thiên", "Lộc Phát", "Hải Đăng", "Ngọc Lan", "Tuấn Minh",
        "Green Farm", "Việt Hương", "Quê Hương", "Đất Việt", "Mộc Nhiên", "Tây Bắc", "Sen Vàng", "Hạnh Phúc",
    ]

    static let industries = [
        "Thực phẩm", "Nông sản", "Đầu tư và Phát triển", "Thương mại và Dịch vụ", "Sản xuất và Thương mại",
        "Nông nghiệp sạch", "Chế biến nông sản", "Xuất nhập khẩu",
    ]

    static let streets = [
        "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Quang Trung", "Hùng Vương", "Lý Thường Kiệt", "Hai Bà Trưng",
        "Phan Đình Phùng", "Nguyễn Huệ", "Võ Nguyên Giáp", "Điện Biên Phủ", "Lê Duẩn", "Trần Phú", "Ngô Quyền",
        "Nguyễn Du", "Lê Thánh Tông", "Bà Triệu", "Nguyễn Văn Cừ",
    ]

    static let villageNames = [
        "Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Đồng", "Tân Lập", "Phú Mỹ", "An Lạc", "Hòa Bình",
        "Tiến Bộ", "Thống Nhất", "Quyết Tiến", "Đoàn Kết", "Tân Phong", "Phú Lợi", "Bình An", "Mới",
    ]

    static let buyers = [
        "hệ thống siêu thị Co.opmart", "chuỗi WinMart", "Bách hóa Xanh", "các điểm bán OCOP trong tỉnh", "thương lái",
        "doanh nghiệp xuất khẩu", "chuỗi cửa hàng thực phẩm sạch", "sàn thương mại điện tử", "các nhà hàng, khách sạn",
    ]

    /// "Thôn", "Bản", "Buôn", "Ấp": what a village is called in the region.
    static func villageWord(_ region: ProvinceProfile.Region, _ random: inout SplitMix64) -> String {
        switch region {
        case .delta, .central: random.pick(["Thôn", "Thôn", "Xóm"])
        case .northernUplands: random.pick(["Bản", "Thôn", "Bản"])
        case .highlands: random.pick(["Buôn", "Làng", "Thôn"])
        case .south: random.pick(["Ấp", "Ấp", "Khóm"])
        }
    }

    /// A street address in a ward or a village address in a commune, without the commune part.
    static func localPart(ward: Bool, region: ProvinceProfile.Region, _ random: inout SplitMix64) -> String {
        if ward {
            let block = region == .south ? "Khu phố" : "Tổ dân phố"
            return "Số \(random.int(in: 1...300)) \(random.pick(streets)), \(block) \(random.int(in: 1...20))"
        }
        let word = villageWord(region, &random)
        let name = random.chance(0.4) ? String(random.int(in: 1...15)) : random.pick(villageNames)
        return "\(word) \(name)"
    }

    /// A subject's name without its legal-form words, shortened as people do in e-mail addresses
    /// and web sites: "Hợp tác xã Chè Tân Cương" → "HTX Chè Tân Cương".
    static func handle(_ name: String) -> String {
        let prefixes = [
            ("Công ty TNHH MTV ", ""), ("Công ty TNHH ", ""), ("Công ty Cổ phần ", ""), ("Doanh nghiệp tư nhân ", "DNTN "),
            ("Hợp tác xã ", "HTX "), ("Tổ hợp tác ", "THT "), ("Hộ kinh doanh ", ""), ("Cơ sở ", ""),
        ]
        for (prefix, short) in prefixes where name.utf8.starts(with: prefix.utf8) {
            return short + String(decoding: name.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
        }
        return name
    }

    /// Lowercase ASCII letters and digits of `text`, for e-mail addresses and web sites.
    static func slug(_ text: String) -> String {
        String(VietnameseText.fold(text).unicodeScalars.filter { ("0"..."9").contains($0) || ("a"..."z").contains($0) })
    }
}
