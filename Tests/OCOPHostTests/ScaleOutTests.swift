import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OCOPPluginKit
import OCOPTestSupport
import Testing

/// Two real `ocop serve` processes on one PostgreSQL database (docs/deployment.md): both
/// serve and write at once, no write is lost or doubled, every outbox event is handled once
/// across the two, and the certificate lifecycle's notices are published once.
@Suite(.serialized, .enabled(if: TestDatabase.postgresAvailable, "set OCOP_TEST_DATABASE_URL to run against PostgreSQL"))
struct ScaleOutTests {
    static let layers = ["--config", "config.yaml", "--config", "docs/regions/ha-noi.yaml", "--config", "local.yaml"]

    /// Hosts started at the same instant on an empty database: all migrate (the migrator's
    /// advisory lock, also around creating its own table), all come up, and the Hà Nội demo
    /// villages (seeded by every host at start) are seeded once, without an error on the others.
    @Test func hostsStartingTogetherOnAnEmptyDatabaseAllServe() async throws {
        try await TestDatabase.with(.postgresql) { database in
            guard case .postgres(let url) = database.location else { throw CancellationError() }
            let directory = try Self.workspace()
            for round in 1...3 {
                let hosts = try (0..<3).map { _ in try ScaleOutHost(directory: directory, databaseURL: url) }
                defer { for host in hosts { host.terminate() } }   // also when a check throws
                for host in hosts {
                    let port = try await host.waitForPort()
                    let health = try await HTTP.send("GET", "http://127.0.0.1:\(port)/health")
                    #expect(health.status == 200, "round \(round): \(host.stderr)")
                }
                var villages = 0
                for _ in 0..<50 where villages == 0 {
                    try await Task.sleep(for: .milliseconds(100))
                    villages = try await database.sql.raw("SELECT COUNT(*) AS n FROM ha_noi_craft_villages").first()?.decode(column: "n", as: Int.self) ?? 0
                }
                try await Task.sleep(for: .milliseconds(500))
                let seeded = try await database.sql.raw("SELECT COUNT(*) AS n, COUNT(DISTINCT name_folded) AS d FROM ha_noi_craft_villages").first()
                let n = try seeded?.decode(column: "n", as: Int.self), d = try seeded?.decode(column: "d", as: Int.self)
                #expect(n == villages && n == d && (1...5).contains(n ?? 0), "round \(round): \(villages) then \(n ?? -1) villages, \(d ?? -1) names")
                for host in hosts {
                    #expect(host.terminate() == 0)
                    #expect(!host.stderr.contains(" error "), "round \(round): \(host.stderr)")
                }
                try await database.sql.raw("DROP SCHEMA public CASCADE").run()
                try await database.sql.raw("CREATE SCHEMA public").run()
            }
        }
    }

    @Test func twoHostsWriteAtOnceAndDeliverEachEventOnce() async throws {
        try await TestDatabase.with(.postgresql) { database in
            guard case .postgres(let url) = database.location else { throw CancellationError() }
            let directory = try Self.workspace()
            let cli = ["OCOP_DATABASE_URL": url]
            func count(_ query: String) async throws -> Int {
                try await database.sql.raw("\(unsafeRaw: query)").first()?.decode(column: "n", as: Int.self) ?? -1
            }

            // A registry with certificates, some ended and some ending soon, whose events wait.
            let generated = try Self.run(["generate", "--province", "01", "--products", "1200", "--seed", "7", "--out", "demo"], in: directory)
            #expect(generated.status == 0, "\(generated.stderr)")
            for kind in ["subjects", "products"] {
                let imported = try Self.run(["import", kind, "demo/\(kind).csv", "--province", "01"] + Self.layers, in: directory, environment: cli)
                #expect(imported.status == 0, "\(imported.stderr)")
            }
            // As if the import had run before some certificates ended (their products still show stars),
            // and with some current ones ending within the notice window: work for the lifecycle pass.
            let soon = try #require(ProgrammeCalendar.adding(days: 10, to: ProgrammeCalendar.today()))
            try await database.sql.raw("""
                UPDATE registry_products p SET current_stars = c.stars FROM registry_certifications c
                WHERE c.product_id = p.id AND p.current_stars IS NULL AND c.decision NOT IN ('revoked', 'withdrawn')
                """).run()
            try await database.sql.raw("""
                UPDATE registry_certifications SET valid_until = \(bind: soon)
                WHERE id IN (SELECT id FROM registry_certifications WHERE valid_until > \(bind: soon) ORDER BY id LIMIT 100)
                """).run()
            let created = try Self.run(["users", "create", "--username", "admin", "--role", "national_admin", "--name", "Quản trị",
                                        "--password-stdin"] + Self.layers, in: directory, environment: cli, input: "correct horse battery\n")
            #expect(created.status == 0, "\(created.stderr)")
            let issued = try Self.run(["users", "token", "--username", "admin"] + Self.layers, in: directory, environment: cli)
            let token = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            try #require(issued.status == 0 && !token.isEmpty, "\(issued.stderr)")
            let auth = ["Authorization": "Bearer \(token)"]
            let pendingBefore = try await count("SELECT COUNT(*) AS n FROM ocop_outbox")
            #expect(pendingBefore > 1000, "the import published its certifications: \(pendingBefore)")

            // Two hosts, started together: both run the lifecycle pass and the dispatcher at once.
            let a = try ScaleOutHost(directory: directory, databaseURL: url)
            let b = try ScaleOutHost(directory: directory, databaseURL: url)
            defer { _ = a.terminate(); _ = b.terminate() }
            let hostA = "http://127.0.0.1:\(try await a.waitForPort())", hostB = "http://127.0.0.1:\(try await b.waitForPort())"

            let subjectList = try await HTTP.send("GET", hostA + "/api/v1/subjects?province=01&limit=50", headers: auth)
            let subjects = (try subjectList.json()["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            try #require(subjects.count == 50, "\(subjectList.text)")

            // 1. Registrations sent to both hosts at once: 120 distinct ones, and 20 sent to both.
            struct Registration: Sendable { let host: String; let subject: Int; let name: String }
            var registrations: [Registration] = (0..<120).map { i in
                Registration(host: i.isMultiple(of: 2) ? hostA : hostB, subject: subjects[i % subjects.count], name: "Sản phẩm mở rộng \(i)")
            }
            for i in 0..<20 {
                let name = "Sản phẩm gửi hai nơi \(i)"
                registrations.append(Registration(host: hostA, subject: subjects[i], name: name))
                registrations.append(Registration(host: hostB, subject: subjects[i], name: name))
            }
            let replies = try await withThrowingTaskGroup(of: (Registration, HTTP.Reply).self) { group in
                for registration in registrations.shuffled() {
                    group.addTask {
                        let body = ["subject_id": registration.subject, "name": registration.name, "product_set": 21] as [String: Any]
                        return (registration, try await HTTP.send("POST", registration.host + "/api/v1/products", json: body, headers: auth))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let distinct = replies.filter { $0.0.name.hasPrefix("Sản phẩm mở rộng") }
            #expect(distinct.allSatisfy { $0.1.status == 201 }, "\(distinct.filter { $0.1.status != 201 }.map { $0.1.text })")
            let twice = Dictionary(grouping: replies.filter { $0.0.name.hasPrefix("Sản phẩm gửi hai nơi") }, by: { $0.0.name })
            for (name, pair) in twice {
                #expect(pair.map(\.1.status).sorted() == [201, 409], "\(name): \(pair.map { "\($0.1.status) \($0.1.text)" })")
            }
            let ids = replies.filter { $0.1.status == 201 }.compactMap { try? $0.1.json()["id"] as? Int }
            #expect(ids.count == 140 && Set(ids).count == 140, "\(ids.count) created, \(Set(ids).count) distinct")
            #expect(try await count("SELECT COUNT(*) AS n FROM registry_products WHERE name LIKE 'Sản phẩm mở rộng %'") == 120)
            #expect(try await count("SELECT COUNT(*) AS n FROM registry_products WHERE name LIKE 'Sản phẩm gửi hai nơi %'") == 20)

            // What one host wrote, the other reads (its read cache follows the outbox within ~2 s).
            let createdHere = distinct.compactMap { reply -> (String, Int, String)? in
                guard let id = try? reply.1.json()["id"] as? Int else { return nil }
                return (reply.0.host, id, reply.0.name)
            }
            for (host, id, name) in createdHere.prefix(20) {
                let other = host == hostA ? hostB : hostA
                let read = try await Self.eventually { try await HTTP.send("GET", other + "/api/v1/products/\(id)", headers: auth) } until: {
                    $0.status == 200 && (try? $0.json()["name"] as? String) == name
                }
                #expect(read.status == 200 && (try? read.json()["name"] as? String) == name, "product \(id) on the other host: \(read.text)")
            }

            // 2. Updates through both hosts at once, one per product: every one lands, once.
            let updates = try await withThrowingTaskGroup(of: (Int, String, String, HTTP.Reply).self) { group in
                for (index, (_, id, _)) in createdHere.enumerated() {
                    let host = index.isMultiple(of: 2) ? hostB : hostA, text = "Mô tả \(id) qua \(host == hostA ? "A" : "B")"
                    group.addTask { (id, host, text, try await HTTP.send("PATCH", host + "/api/v1/products/\(id)", json: ["description": text], headers: auth)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(updates.count == 120 && updates.allSatisfy { $0.3.status == 200 }, "\(updates.filter { $0.3.status != 200 }.map { $0.3.text })")
            for (id, host, text, _) in updates.prefix(30) {
                let other = host == hostA ? hostB : hostA
                let read = try await Self.eventually { try await HTTP.send("GET", other + "/api/v1/products/\(id)", headers: auth) } until: {
                    (try? $0.json()["description"] as? String) == text
                }
                #expect((try? read.json()["description"] as? String) == text, "product \(id) updated on one host, read on the other: \(read.text)")
            }
            let versions = try await database.sql.raw("""
                SELECT COUNT(*) AS n FROM registry_products WHERE name LIKE 'Sản phẩm mở rộng %' AND version = 2 AND description LIKE 'Mô tả %'
                """).first()?.decode(column: "n", as: Int.self)
            #expect(versions == 120, "every product holds its one update as version 2")
            let history = try await count("""
                SELECT COUNT(*) AS n FROM registry_product_history h JOIN registry_products p ON p.id = h.product_id
                WHERE p.name LIKE 'Sản phẩm mở rộng %'
                """)
            #expect(history == 120, "one archived version per update")

            // 2b. Two hosts change different fields of the same product at the same moment: both
            // land (the registry merges under the row's lock; without it, 10–13 of 40 lost one).
            do {
                let both = try await withThrowingTaskGroup(of: (Int, String, HTTP.Reply).self) { group in
                    for (_, id, _) in createdHere.prefix(40) {
                        group.addTask { (id, "packaging", try await HTTP.send("PATCH", hostA + "/api/v1/products/\(id)", json: ["packaging": "Hộp \(id)"], headers: auth)) }
                        group.addTask { (id, "ingredients", try await HTTP.send("PATCH", hostB + "/api/v1/products/\(id)", json: ["ingredients": "Gạo \(id)"], headers: auth)) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(both.allSatisfy { $0.2.status == 200 }, "\(both.filter { $0.2.status != 200 }.map { "\($0.0) \($0.1): \($0.2.status) \($0.2.text)" })")
                let kept = try await database.sql.raw("""
                    SELECT id, packaging, ingredients FROM registry_products WHERE id IN (\(unsafeRaw: createdHere.prefix(40).map { String($0.1) }.joined(separator: ",")))
                    """).all()
                let lost = try kept.filter { row in
                    let id = try row.decode(column: "id", as: Int.self)
                    return try row.decode(column: "packaging", as: String?.self) != "Hộp \(id)" || row.decode(column: "ingredients", as: String?.self) != "Gạo \(id)"
                }.map { try $0.decode(column: "id", as: Int.self) }
                #expect(kept.count == 40 && lost.isEmpty, "products that lost one of two simultaneous changes: \(lost)")
            }

            // 3. Every subscriber caught up, each event handled once across the two hosts.
            var status: [ScaleOutHost.Subscriber] = []
            for _ in 0..<150 {
                status = try Self.subscribers(in: directory, environment: cli)
                if !status.isEmpty, status.allSatisfy({ $0.pending == 0 }) { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(!status.isEmpty && status.allSatisfy { $0.pending == 0 && $0.failed == 0 }, "\(status)")
            let deliveries = a.deliveries() + b.deliveries()
            for subscriber in status {
                let expected = try await database.sql.raw("SELECT id FROM ocop_outbox WHERE name = \(bind: subscriber.eventName) ORDER BY id").all()
                    .map { try $0.decode(column: "id", as: Int64.self) }
                let handled = deliveries.filter { $0.subscriber == subscriber.name }.map(\.event)
                let counts = Dictionary(handled.map { ($0, 1) }, uniquingKeysWith: +)
                let doubled = counts.filter { $0.value > 1 }.keys.sorted()
                #expect(doubled.isEmpty, "\(subscriber.name) handled events \(doubled.prefix(10)) more than once")
                #expect(Set(handled) == Set(expected), "\(subscriber.name): \(expected.count) events, \(Set(handled).count) handled")
            }
            #expect(status.contains { $0.name == "vn.ha-noi/village-names" }, "the updates' events had a subscriber: \(status)")
            // Both dispatchers took part (about half each in practice), so "once" was contested.
            let handledOn = (a: a.deliveries().count, b: b.deliveries().count)
            #expect(handledOn.a > 0 && handledOn.b > 0, "deliveries by host A \(handledOn.a), by host B \(handledOn.b)")

            // 4. The certificate lifecycle ran on both hosts at start; each notice was published once.
            for (kind, name) in [("expired", "registry.certificate-expired"), ("expiring", "registry.certificate-expiring")] {
                let events = try await database.sql.raw("""
                    SELECT COUNT(*) AS n, COUNT(DISTINCT payload::json->>'certificationID') AS d FROM ocop_outbox WHERE name = \(bind: name)
                    """).first()
                let notices = try await count("SELECT COUNT(*) AS n FROM registry_certificate_notices WHERE kind = '\(kind)'")
                let n = try events?.decode(column: "n", as: Int.self), d = try events?.decode(column: "d", as: Int.self)
                #expect(n == d && n == notices, "\(kind): \(n ?? -1) events for \(d ?? -1) certificates, \(notices) notices")
                #expect(notices > 0, "the registry holds \(kind) certificates")
            }
            let stale = try await count("""
                SELECT COUNT(*) AS n FROM registry_products p JOIN registry_certificate_notices n ON n.kind = 'expired'
                JOIN registry_certifications c ON c.id = n.certification_id AND c.product_id = p.id WHERE p.current_stars IS NOT NULL
                """)
            #expect(stale == 0, "every ended certificate's product lost its stars")

            #expect(a.terminate() == 0 && b.terminate() == 0)
            for host in [a, b] { #expect(!host.stderr.contains(" error "), "\(host.stderr.suffix(3000))") }

            // 5. Read-only, as a replica is: exports and reports still run (they write nothing when no migration is pending).
            let name = try #require(URLComponents(string: url)?.path.dropFirst())
            try await database.sql.raw("ALTER DATABASE \(unsafeRaw: String(name)) SET default_transaction_read_only = on").run()
            let exported = try Self.run(["export", "products", "--province", "01", "--format", "csv"] + Self.layers, in: directory, environment: cli)
            #expect(exported.status == 0, "\(exported.stderr)")
            let lines = exported.stdout.utf8.filter { $0 == UInt8(ascii: "\n") }.count   // CSV lines end in CRLF
            #expect(lines > 1300, "\(lines) lines: \(exported.stdout.prefix(300))")
            let write = try Self.run(["users", "token", "--username", "admin"] + Self.layers, in: directory, environment: cli)
            #expect(write.status != 0, "a write is refused on a read-only database: \(write.stdout)")
        }
    }

    // MARK: support

    /// The shipped config files, with a cheap bcrypt cost and the delivery log on.
    static func workspace() throws -> URL {
        let directory = try Host.workspace()
        try Host.write("plugins:\n  ocop.accounts:\n    bcrypt_cost: 4\nlog:\n  level: debug\n", to: "local.yaml", in: directory)
        return directory
    }

    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:], input: String? = nil) throws -> Host.Result {
        let process = Process()
        process.executableURL = Host.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OCOP_") }.merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Host.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                           stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// `ocop events status`: each subscriber, its event, what waits and what failed.
    static func subscribers(in directory: URL, environment: [String: String]) throws -> [ScaleOutHost.Subscriber] {
        let result = try run(["events", "status"] + layers, in: directory, environment: environment)
        return result.stdout.split(separator: "\n").dropFirst().compactMap { line in
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            guard cells.count == 5, let pending = Int(cells[3]), let failed = Int(cells[4]) else { return nil }
            return ScaleOutHost.Subscriber(name: String(cells[0]), eventName: String(cells[1]), pending: pending, failed: failed)
        }
    }

    /// Retries `read` for up to ~2 s until `done` holds (the other host's read cache follows the outbox).
    static func eventually(_ read: () async throws -> HTTP.Reply, until done: (HTTP.Reply) -> Bool) async throws -> HTTP.Reply {
        var reply = try await read()
        for _ in 0..<20 where !done(reply) {
            try await Task.sleep(for: .milliseconds(100))
            reply = try await read()
        }
        return reply
    }
}

/// `ocop serve` on a free port against `databaseURL`, in the background, its log kept.
final class ScaleOutHost: @unchecked Sendable {
    let process = Process()
    private let errors = Pipe()
    private let lock = NSLock()
    private var collected = Data()

    init(directory: URL, databaseURL: String) throws {
        process.executableURL = Host.executable
        process.arguments = ["serve"] + ScaleOutTests.layers
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OCOP_") }
        environment["OCOP_PORT"] = "0"
        environment["OCOP_DATABASE_URL"] = databaseURL
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.collected.append(data) }
        }
        try process.run()
    }

    deinit { if process.isRunning { process.terminate() } }

    var stderr: String { lock.withLock { String(decoding: collected, as: UTF8.self) } }

    func waitForPort() async throws -> Int {
        for _ in 0..<400 {
            if let range = stderr.range(of: #"address=http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                return Int(stderr[range].split(separator: ":").last ?? "") ?? 0
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("ocop serve did not start: \(stderr)")
        throw CancellationError()
    }

    /// SIGTERM and wait (again: the status it exited with).
    @discardableResult
    func terminate() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        errors.fileHandleForReading.readabilityHandler = nil
        let rest = (try? errors.fileHandleForReading.readToEnd()) ?? nil
        lock.withLock { collected.append(rest ?? Data()) }
        return process.terminationStatus
    }

    struct Delivery: Equatable {
        let subscriber: String
        let event: Int64
    }

    /// The dispatcher's debug lines: `event=N subscriber=plugin/name … event delivered`.
    func deliveries() -> [Delivery] {
        stderr.split(separator: "\n").compactMap { line in
            guard line.hasSuffix("event delivered") else { return nil }
            var event: Int64?, subscriber: String?
            for word in line.split(separator: " ") {
                if word.hasPrefix("event="), let id = Int64(word.dropFirst(6)) { event = id }
                if word.hasPrefix("subscriber=") { subscriber = String(word.dropFirst(11)) }
            }
            guard let event, let subscriber else { return nil }
            return Delivery(subscriber: subscriber, event: event)
        }
    }

    struct Subscriber: CustomStringConvertible {
        let name: String
        let eventName: String
        let pending: Int
        let failed: Int
        var description: String { "\(name) (\(eventName)): pending \(pending), failed \(failed)" }
    }
}

/// Plain HTTP over URLSession, many requests in flight to each host.
enum HTTP {
    struct Reply: Sendable {
        let status: Int
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] { (try JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:] }
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        configuration.timeoutIntervalForRequest = 60
        return URLSession(configuration: configuration)
    }()

    static func send(_ method: String, _ url: String, json: [String: Any]? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }
}
