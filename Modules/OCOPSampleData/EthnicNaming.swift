/// How ethnic-minority representatives' names are formed in a region. Simplified but recognisable:
/// H'Mông clan names with "A"/"Thị", Thái and Tày-Nùng family names, Ê Đê "Y …"/"H'…" given names
/// before the clan name, K'Ho "K'"/"Ka", Khmer and Chăm family names.
enum EthnicNaming: Sendable {
    /// Northern uplands: H'Mông, Thái, Tày, Nùng, Dao, Mường.
    case northernUplands
    /// Central Highlands and the Trường Sơn range: Ê Đê, Gia Rai, Ba Na, Xơ Đăng, Cơ Tu, M'Nông.
    case highlands
    /// Lâm Đồng and the south-central coast: K'Ho, Chăm, Raglai.
    case southCentral
    /// Mekong delta and the south: Khmer.
    case khmer

    func name(woman: Bool, _ random: inout SplitMix64) -> String {
        switch self {
        case .northernUplands: Self.northern(woman: woman, &random)
        case .highlands: Self.highland(woman: woman, &random)
        case .southCentral: random.chance(0.5) ? Self.koho(woman: woman, &random) : Self.cham(woman: woman, &random)
        case .khmer: Self.khmerName(woman: woman, &random)
        }
    }

    private static func northern(woman: Bool, _ random: inout SplitMix64) -> String {
        if random.chance(0.35) {  // H'Mông: clan name, "A" for men or "Thị" for women, given name
            let clan = random.pick(["Giàng", "Sùng", "Vàng", "Thào", "Mùa", "Lầu", "Hầu", "Lý", "Vừ", "Cứ"])
            let given = random.pick(woman ? ["Mỷ", "Sua", "Dế", "Chờ", "Mai", "Pằng", "Dua", "Xúa"] : ["Páo", "Chứ", "Tủa", "Dính", "Sáng", "Phủ", "Lử", "Khé", "Của"])
            return "\(clan) \(woman ? "Thị" : "A") \(given)"
        }
        let family = random.pick(["Lò", "Lường", "Cầm", "Quàng", "Nông", "Ma", "Lộc", "Hoàng", "Triệu", "Bàn", "Đặng", "Hà", "Bùi", "Đinh", "Vi", "Lục", "Sầm"])
        let given = random.pick(woman ? ["Nhung", "Xuân", "Mây", "Sấm", "Thúy", "Hiên", "Mến", "Lả", "Ón", "Pọm"] : ["Thắng", "Pấng", "Dền", "Tòn", "Kiềm", "Chiến", "Ún", "Khiêm", "Páo", "Lả"])
        return "\(family) \(woman ? "Thị" : "Văn") \(given)"
    }

    private static func highland(woman: Bool, _ random: inout SplitMix64) -> String {
        let clan = random.pick(["Niê", "Mlô", "Êban", "Byă", "Ksơr", "Hmok", "Adrơng", "Knul", "Siu", "Rơ Châm", "Rơ Mah", "Kpă", "Alăng", "Bhling", "Kbuôr"])
        if random.chance(0.6) {  // Ê Đê / Gia Rai: "Y" or "H'" + given name + clan
            let given = random.pick(woman ? ["Hen", "Luyện", "Bơ", "Nhi", "Yim", "Lan", "Hơ", "Djuin"] : ["Bliêng", "Khu", "Nuê", "Dhăm", "Wem", "Thông", "Jrang", "Kông"])
            return woman ? "H'\(given) \(clan)" : "Y \(given) \(clan)"
        }
        let given = woman ? PersonNames.femaleGivens : PersonNames.maleGivens
        return "\(clan) \(woman ? "Thị" : "Văn") \(random.pick(given))"
    }

    private static func koho(woman: Bool, _ random: inout SplitMix64) -> String {
        let given = random.pick(["Brăk", "Sỏi", "Điệp", "Hoa", "Bình", "Jên", "Mai", "Tiêu", "Krai", "Dơng"])
        return woman ? "Ka \(given)" : "K'\(given)"
    }

    private static func cham(woman: Bool, _ random: inout SplitMix64) -> String {
        let family = random.pick(["Đàng", "Thập", "Quảng", "Lưu", "Châu", "Báo", "Phú", "Thuận", "Nguyễn"])
        let given = woman ? PersonNames.femaleGivens : PersonNames.maleGivens
        return "\(family) \(woman ? "Thị" : "Văn") \(random.pick(given))"
    }

    private static func khmerName(woman: Bool, _ random: inout SplitMix64) -> String {
        let family = random.pick(["Thạch", "Danh", "Kim", "Sơn", "Lâm", "Chau", "Trà", "Lý", "Huỳnh"])
        if woman {
            return "\(family) Thị \(random.pick(["Sa Ry", "Phol", "Sa Ly", "Sa Rươn", "Ni", "Mol", "Đa Ra", "Sóc Thi", "Nương"]))"
        }
        return "\(family) \(random.pick(["Sô Phanh", "Út", "Khol", "Phát", "Sóc Kha", "Sa Rinh", "Sê Ri", "Văn Mến", "Thươl"]))"
    }
}
