/// Kinh (majority) personal names: family name, middle name, given name, with family names
/// weighted roughly as surveys report (Nguyễn about 38 %, Trần 11 %, Lê 9.5 % …).
enum PersonNames {
    static let families = WeightedTable<String>([
        ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 50), ("Huỳnh", 30),
        ("Phan", 45), ("Vũ", 39), ("Võ", 20), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
        ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 8), ("Đoàn", 6), ("Trịnh", 5), ("Trương", 6),
        ("Lương", 4), ("Mai", 4), ("Cao", 4), ("Hà", 5), ("Tạ", 3), ("Lâm", 3), ("Chu", 2), ("Kiều", 2),
        ("Quách", 2), ("Tô", 2), ("Thái", 2), ("Vương", 2), ("Tăng", 1), ("Lại", 2), ("Khúc", 1),
    ])

    static let maleMiddles = WeightedTable<String>([
        ("Văn", 40), ("Đức", 8), ("Minh", 8), ("Quốc", 5), ("Hữu", 6), ("Công", 5), ("Thanh", 5),
        ("Xuân", 4), ("Ngọc", 3), ("Đình", 6), ("Quang", 5), ("Tuấn", 2), ("Mạnh", 3), ("Trọng", 3),
    ])

    static let femaleMiddles = WeightedTable<String>([
        ("Thị", 50), ("Ngọc", 6), ("Thu", 5), ("Thanh", 5), ("Minh", 3), ("Kim", 4), ("Hồng", 4),
        ("Thùy", 3), ("Phương", 3), ("Bích", 3), ("Mai", 2), ("Diệu", 2), ("Hoài", 2), ("Tuyết", 2),
    ])

    static let maleGivens = [
        "Hùng", "Tuấn", "Dũng", "Nam", "Minh", "Hải", "Long", "Thắng", "Sơn", "Cường", "Hoàng", "Quang",
        "Trung", "Hiếu", "Đức", "Phong", "Tùng", "Bình", "Thành", "Khoa", "Vinh", "Toàn", "Huy", "Việt",
        "Lâm", "Hưng", "Kiên", "Đạt", "Thịnh", "Tâm", "Phúc", "Lộc", "Tài", "Hòa", "Khải", "Thái", "Hậu",
        "Quý", "Chiến", "Công", "Tiến", "Nghĩa", "Hiển", "Thọ", "Bảo", "An", "Khánh", "Định",
    ]

    static let femaleGivens = [
        "Lan", "Hoa", "Hương", "Mai", "Hằng", "Linh", "Trang", "Thảo", "Nga", "Huyền", "Hà", "Yến", "Thủy",
        "Loan", "Nhung", "Phương", "Dung", "Vân", "Liên", "Oanh", "Hạnh", "Tuyết", "Quyên", "Ngọc", "Nhàn",
        "Xuân", "Hồng", "Thơm", "Lý", "Hiền", "Duyên", "Giang", "My", "Thu", "Chi", "Hải", "Lệ", "Nguyệt",
        "Tâm", "Bích", "Hậu", "Thắm",
    ]

    static func kinh(woman: Bool, _ random: inout SplitMix64) -> String {
        let family = families.pick(&random)
        if woman {
            return "\(family) \(femaleMiddles.pick(&random)) \(random.pick(femaleGivens))"
        }
        return "\(family) \(maleMiddles.pick(&random)) \(random.pick(maleGivens))"
    }
}
