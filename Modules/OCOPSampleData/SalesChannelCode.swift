import OCOPDomain

/// The `sales_channels` codes of docs/import-format.md (Vietnamese, unlike `SalesChannel`'s raw
/// values, which are English storage codes).
enum SalesChannelCode {
    static func code(_ channel: SalesChannel) -> String {
        switch channel {
        case .supermarket: "sieu_thi"
        case .convenienceStore: "cua_hang_tien_loi"
        case .eCommerce: "thuong_mai_dien_tu"
        case .export: "xuat_khau"
        case .traditionalMarket: "cho_truyen_thong"
        case .ocopPointOfSale: "diem_ban_ocop"
        case .direct: "ban_truc_tiep"
        case .livestream: "livestream"
        }
    }
}
