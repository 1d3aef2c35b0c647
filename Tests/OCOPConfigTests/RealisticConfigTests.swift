import Foundation
import Testing
import OCOPConfig

/// A full production-style configuration, decoded strictly end to end.
@Suite struct RealisticConfigTests {
    enum Driver: String, Decodable, CaseIterable { case sqlite, postgres }
    enum LogLevel: String, Decodable, CaseIterable { case trace, debug, info, notice, warning, error, critical }
    enum LogFormat: String, Decodable, CaseIterable { case text, json }

    struct Timeouts: Decodable { var read: Double; var write: Double; var idle: Int }
    struct TLS: Decodable { var certificate: String; var privateKey: String; var minimumVersion: String? }
    struct Server: Decodable {
        var host: String
        var port: UInt16
        var publicURL: URL
        var trustedProxies: [String]
        var tls: TLS?
        var timeouts: Timeouts
        var maxBodyBytes: Int
        var cors: CORS
    }
    struct CORS: Decodable { var allowedOrigins: [String]; var allowedMethods: [String]; var maxAgeSeconds: Int }
    struct Pool: Decodable { var min: Int; var max: Int; var acquireTimeout: Double }
    struct Storage: Decodable {
        var driver: Driver
        var url: String
        var pool: Pool
        var migrateOnStart: Bool
        var replicas: [String]?
    }
    struct Destination: Decodable { var kind: String; var path: String?; var level: LogLevel? }
    struct Logging: Decodable {
        var level: LogLevel
        var format: LogFormat
        var destinations: [Destination]
        var redact: [String]
    }
    struct Metrics: Decodable { var enabled: Bool; var path: String; var port: UInt16?; var labels: [String: String] }
    struct PasswordPolicy: Decodable { var minLength: UInt8; var requireDigit: Bool; var requireSymbol: Bool }
    struct Auth: Decodable {
        var sessionTTLMinutes: Int
        var adminEmails: [String]
        var passwordPolicy: PasswordPolicy
        var secret: String
    }
    struct Province: Decodable {
        var enabled: Bool?
        var communes: [String]?
        var office: String?
    }
    struct VNPlugin: Decodable {
        var dataVersion: String
        var provinces: [String: Province]
    }
    struct Plugins: Decodable { var vn: VNPlugin; var exporter: [String: String]? }
    struct RateLimit: Decodable { var route: String; var perMinute: Int; var burst: Int? }
    struct Mail: Decodable { var smtpHost: String; var smtpPort: Int; var from: String; var starttls: Bool }
    struct Config: Decodable {
        var server: Server
        var storage: Storage
        var logging: Logging
        var metrics: Metrics
        var auth: Auth
        var plugins: Plugins
        var features: [String: Bool]
        var rateLimits: [RateLimit]
        var mail: Mail?
    }

    static let text = """
    # OCOP server configuration
    # ---------------------------------------------------------------
    # Values here are defaults for the production deployment.
    # Override per site in site.yaml, or with OCOP_* variables.

    server:
      # Listen on every interface inside the container.
      host: 0.0.0.0
      port: 8080
      publicURL: https://ocop.example.vn/
      trustedProxies:
        - 10.0.0.0/8
        - 172.16.0.0/12
        - 192.168.0.0/16
      tls:
        certificate: /etc/ocop/tls/cert.pem
        privateKey: /etc/ocop/tls/key.pem
        minimumVersion: "1.2"
      timeouts:
        read: 30
        write: 30.5
        idle: 120
      maxBodyBytes: 0x100000
      cors:
        allowedOrigins:
          - https://ocop.example.vn
          - https://admin.ocop.example.vn
        allowedMethods: [GET, POST, PUT, DELETE]
        maxAgeSeconds: 600

    storage:
      driver: postgres
      url: postgres://ocop@db.internal:5432/ocop?sslmode=require
      pool:
        min: 2
        max: 20
        acquireTimeout: 2.5
      migrateOnStart: true
      replicas:
        - postgres://ocop@replica-1.internal:5432/ocop
        - postgres://ocop@replica-2.internal:5432/ocop

    logging:
      level: info
      format: json
      destinations:
        - kind: stdout
        - kind: file
          path: /var/log/ocop/server.log
          level: warning
        - kind: file
          path: /var/log/ocop/audit.log
          level: notice
      redact:
        - password
        - token
        - secret
        - authorization

    metrics:
      enabled: true
      path: /metrics
      port: 9100
      labels:
        service: ocop
        region: vn-north
        tier: "1"

    auth:
      sessionTTLMinutes: 720
      adminEmails:
        - admin@example.vn
        - ops@example.vn
      passwordPolicy:
        minLength: 12
        requireDigit: true
        requireSymbol: false
      # Numbers are fine for string settings; the text is kept.
      secret: 0123456789

    defaults: &province-defaults
      enabled: true
      office: So Cong Thuong

    plugins:
      vn:
        dataVersion: "2025.07"
        provinces:
          ha-noi:
            enabled: true
            office: So Cong Thuong Ha Noi
            communes:
              - Ba Dinh
              - Hoan Kiem
              - Tay Ho
              - Long Bien
              - Cau Giay
              - Dong Da
              - Hai Ba Trung
              - Hoang Mai
              - Thanh Xuan
          hai-phong:
            enabled: true
            communes: [Hong Bang, Ngo Quyen, Le Chan, Hai An, Kien An]
          da-nang:
            enabled: false
          hue:
          can-tho:
            office: So Cong Thuong Can Tho
            communes:
              - Ninh Kieu
              - Binh Thuy
              - Cai Rang
          quang-ninh:
            enabled: true
            communes:
              - Ha Long
              - Cam Pha
              - Uong Bi
              - Mong Cai
          lao-cai:
            enabled: true
            communes:
              - Lao Cai
              - Sa Pa
          nghe-an:
            enabled: true
            communes:
              - Vinh
              - Cua Lo
          khanh-hoa:
            enabled: true
            communes:
              - Nha Trang
              - Cam Ranh
          lam-dong:
            enabled: true
            communes:
              - Da Lat
              - Bao Loc
          ho-chi-minh:
            enabled: true
            office: So Cong Thuong TP HCM
            communes:
              - Ben Nghe
              - Ben Thanh
              - Da Kao
              - Tan Dinh
              - Thao Dien
              - An Phu
          dong-nai: *province-defaults
          binh-duong: *province-defaults
          an-giang:
            enabled: true
            communes:
              - Long Xuyen
              - Chau Doc
          thai-nguyen:
            enabled: true
            communes:
              - Thai Nguyen
              - Song Cong
          ca-mau:
            enabled: true
            communes: ['Ca Mau', 'Nam Can']
      exporter:
        format: csv
        schedule: "0 2 * * *"
        target: s3://ocop-exports/daily

    features:
      publicCatalog: true
      ratings: true
      experimentalSearch: false
      bulkImport: TRUE
      legacyApi: False

    rateLimits:
      - route: /api/v1/products
        perMinute: 600
        burst: 100
      - route: /api/v1/search
        perMinute: 120
      - route: /api/v1/login
        perMinute: 10
        burst: 3
      - route: /api/v1/export
        perMinute: 2
      - route: /api/v1/upload
        perMinute: 30
        burst: 5

    # Outgoing mail for password resets and export notifications.
    # Leave the whole section out to disable mail.
    mail:
      smtpHost: smtp.example.vn
      smtpPort: 587
      from: "OCOP <no-reply@example.vn>"
      starttls: true

    # End of file.
    """

    /// The anchor above is a YAML convenience, not a setting.
    struct ConfigWithDefaults: Decodable {
        var config: Config
        init(from decoder: any Decoder) throws {
            enum Keys: String, CodingKey { case defaults }
            _ = try decoder.container(keyedBy: Keys.self).decodeIfPresent(Province.self, forKey: .defaults)
            config = try Config(from: decoder)
        }
    }

    @Test func fileIsAboutTwoHundredLines() {
        #expect(Self.text.split(separator: "\n", omittingEmptySubsequences: false).count >= 200)
    }

    @Test func parsesAndDecodesStrictly() throws {
        let root = try #require(try YAML.parse(Self.text, file: "ocop.yaml"))
        let config = try YAMLDecoder().decode(ConfigWithDefaults.self, from: root).config
        #expect(config.server.port == 8080)
        #expect(config.server.publicURL.host == "ocop.example.vn")
        #expect(config.server.trustedProxies.count == 3)
        #expect(config.server.tls?.minimumVersion == "1.2")
        #expect(config.server.timeouts.write == 30.5)
        #expect(config.server.maxBodyBytes == 1_048_576)
        #expect(config.storage.driver == .postgres)
        #expect(config.storage.replicas?.count == 2)
        #expect(config.logging.destinations.map(\.level) == [nil, .warning, .notice])
        #expect(config.metrics.labels["tier"] == "1")
        #expect(config.auth.secret == "0123456789")
        #expect(config.auth.passwordPolicy.minLength == 12)
        let provinces = config.plugins.vn.provinces
        #expect(provinces.count == 16)
        #expect(provinces["binh-duong"]?.office == "So Cong Thuong")
        #expect(provinces["ha-noi"]?.communes?.count == 9)
        #expect(provinces["hue"].map { $0.enabled == nil && $0.communes == nil } == true)
        #expect(provinces["ca-mau"]?.communes == ["Ca Mau", "Nam Can"])
        #expect(config.plugins.vn.dataVersion == "2025.07")
        #expect(config.features == ["publicCatalog": true, "ratings": true, "experimentalSearch": false, "bulkImport": true, "legacyApi": false])
        #expect(config.rateLimits.map(\.perMinute) == [600, 120, 10, 2, 30])
        #expect(config.server.cors.allowedMethods == ["GET", "POST", "PUT", "DELETE"])
        #expect(config.mail?.from == "OCOP <no-reply@example.vn>")
    }

    @Test func errorsDeepInTheFileAreLocatedExactly() throws {
        var lines = Self.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let communeLine = try #require(lines.firstIndex(of: "          - Sa Pa"))
        lines[communeLine] = "          - {name: Sa Pa}"
        let driverLine = try #require(lines.firstIndex(of: "  driver: postgres"))
        lines[driverLine] = "  driver: mysql"
        let policyLine = try #require(lines.firstIndex(of: "    requireSymbol: false"))
        lines.insert("    requireUpper: true", at: policyLine + 1)
        let root = try YAML.parse(lines.joined(separator: "\n"), file: "ocop.yaml")
        do {
            _ = try YAMLDecoder().decode(ConfigWithDefaults.self, from: root)
            Issue.record("decoding should fail")
        } catch {
            // All three problems in one run, in file order.
            #expect(error.errors.map(\.description) == [
                "ocop.yaml:\(driverLine + 1):11: storage.driver: expected one of: sqlite, postgres; found string \"mysql\"",
                "ocop.yaml:\(policyLine + 2):5: auth.passwordPolicy.requireUpper: unknown key 'requireUpper'; expected one of: minLength, requireDigit, requireSymbol",
                "ocop.yaml:\(communeLine + 2):13: plugins.vn.provinces.lao-cai.communes[1]: expected string, found mapping",
            ])
        }
    }

    @Test func syntaxErrorDeepInTheFileIsLocated() throws {
        var lines = Self.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let line = try #require(lines.firstIndex(of: "  smtpPort: 587"))
        lines[line] = "  smtpPort 587"
        #expect(Fixture.parseError(lines.joined(separator: "\n"), file: "ocop.yaml")
            == "ocop.yaml:\(line + 2):3: could not find expected ':' while scanning a simple key that started at \(line + 1):3")
    }
}
