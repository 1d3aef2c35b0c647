/// Kind of a commune-level unit. Raw values are stable ASCII identifiers for storage and JSON.
public enum CommuneKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Phường, an urban ward.
    case ward = "phuong"
    /// Xã, a rural commune.
    case commune = "xa"
    /// Đặc khu, a special zone (island units since 2025).
    case specialZone = "dac_khu"
    /// Thị trấn, a township (legacy only: abolished in 2025).
    case township = "thi_tran"

    /// The word used in official names: "Phường", "Xã", "Đặc khu", "Thị trấn".
    public var vietnameseName: String {
        switch self {
        case .ward: "Phường"
        case .commune: "Xã"
        case .specialZone: "Đặc khu"
        case .township: "Thị trấn"
        }
    }

    public var englishName: String {
        switch self {
        case .ward: "Ward"
        case .commune: "Commune"
        case .specialZone: "Special zone"
        case .township: "Township"
        }
    }
}

/// Kind of a legacy district-level unit.
public enum DistrictKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Quận, an urban district.
    case urbanDistrict = "quan"
    /// Huyện, a rural district.
    case ruralDistrict = "huyen"
    /// Thành phố thuộc tỉnh, a provincial city.
    case city = "thanh_pho"
    /// Thị xã, a town.
    case town = "thi_xa"

    public var vietnameseName: String {
        switch self {
        case .urbanDistrict: "Quận"
        case .ruralDistrict: "Huyện"
        case .city: "Thành phố"
        case .town: "Thị xã"
        }
    }

    public var englishName: String {
        switch self {
        case .urbanDistrict: "Urban district"
        case .ruralDistrict: "Rural district"
        case .city: "City"
        case .town: "Town"
        }
    }
}
