import OCOPPluginKit

/// Hải Phòng's own module: the city's OCOP livestream market ("Chợ phiên OCOP"), an event
/// kind with per-session metrics.
///
/// The city (2025 code 31, which since July 2025 includes the former Hải Dương) holds regular
/// market sessions streamed on social commerce platforms, where producers present their OCOP
/// products live. Each session reports its platform, hosts, audience and sales; `ocop.events`
/// stores and checks them like any kind's fields.
public struct HaiPhongPlugin: Plugin {
    public static let manifest = PluginManifest(
        id: "vn.hai-phong",
        version: "0.1.0",
        summary: "Hải Phòng: the OCOP livestream market (Chợ phiên OCOP) as an event kind with per-session metrics",
        requires: [.plugin("ocop.events", "^0.1", why: "the market is a kind of promotion event")]
    )

    /// Hải Phòng's 2025 province code.
    public static let provinceCode = "31"

    /// Platforms the city streams on.
    public static let platforms = ["tiktok", "facebook", "shopee", "youtube", "zalo", "other"]

    /// "Chợ phiên OCOP": held online, one result row per streamed session.
    public static let choPhien = EventKindDefinition(
        id: "vn.hai-phong.cho-phien",
        nameVi: "Chợ phiên OCOP (livestream)",
        nameEn: "OCOP livestream market",
        online: true,
        fields: [
            EventFieldDefinition("edition", label: "Phiên chợ thứ (số thứ tự của chợ phiên)", type: .count, required: true),
            EventFieldDefinition("theme", label: "Chủ đề phiên chợ", type: .text),
            EventFieldDefinition("channel_url", label: "Kênh phát trực tiếp", type: .url),
        ],
        resultFields: [
            EventFieldDefinition("session_number", label: "Phiên số", type: .count, required: true),
            EventFieldDefinition("platform", label: "Nền tảng", type: .choice(platforms), required: true),
            EventFieldDefinition("hosts", label: "Người dẫn (KOL, cán bộ, chủ thể)", type: .text, required: true),
            EventFieldDefinition("peak_viewers", label: "Số người xem cao nhất cùng lúc", type: .count, required: true),
            EventFieldDefinition("views", label: "Lượt xem", type: .count, required: true),
            EventFieldDefinition("products_featured", label: "Số sản phẩm giới thiệu", type: .count, required: true),
        ])

    public init(config: NoConfig) {}

    public func register(with registrar: Registrar) throws {
        try registrar.contribute(PromotionPoints.eventKinds, Self.choPhien)
    }
}
