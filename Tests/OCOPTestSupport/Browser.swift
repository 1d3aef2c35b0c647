import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A headless Chromium driven over W3C WebDriver (plain HTTP + JSON to `chromedriver`), for the
/// browser tests. One `Browser` is one chromedriver process and one browser session; `quit()`
/// ends both. Every lookup waits for its element (up to `timeout`) instead of sleeping.
///
/// ```swift
/// let browser = try await Browser.launch(width: 360, height: 740)
/// try await browser.go(host.client.baseURL.appendingPathComponent("sign-in"))
/// try await browser.find("input[name=username]").type("officer")
/// try await browser.quit()
/// ```
/// Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them); `OCOP_CHROMEDRIVER`
/// and `OCOP_CHROMIUM` name other executables.
public final class Browser: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// An element found on the current page (a W3C web element reference).
    public struct Element: Sendable {
        public let browser: Browser
        public let id: String

        public func click() async throws { _ = try await browser.command("POST", "element/\(id)/click", [:]) }
        public func clear() async throws { _ = try await browser.command("POST", "element/\(id)/clear", [:]) }
        /// Types `text` into the element (after what it already holds).
        public func type(_ text: String) async throws { _ = try await browser.command("POST", "element/\(id)/value", ["text": text]) }
        /// Replaces the element's value with `text`.
        public func fill(_ text: String) async throws {
            try await clear()
            try await type(text)
        }
        /// The rendered text (what a reader sees; hidden text is left out).
        public func text() async throws -> String { try await browser.command("GET", "element/\(id)/text") as? String ?? "" }
        /// The DOM property (`value`, `checked`, …) or, failing that, the attribute.
        public func attribute(_ name: String) async throws -> String? {
            if let value = try await browser.command("GET", "element/\(id)/property/\(name)"), !(value is NSNull) { return "\(value)" }
            return try await browser.command("GET", "element/\(id)/attribute/\(name)") as? String
        }
        /// Whether a checkbox, radio button or option is selected.
        public func isSelected() async throws -> Bool { try await browser.command("GET", "element/\(id)/selected") as? Bool ?? false }
        public func find(_ css: String) async throws -> Element? {
            try await browser.lookup(css, from: id).first
        }
    }

    private static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    // Touched only by `launch` and `quit`.
    nonisolated(unsafe) private let driver: Process
    private let port: Int
    private let sessionID: String
    private let browserPID: Int32?
    /// How long `find` and the other waits poll before failing.
    public let timeout: Duration = .seconds(15)

    private init(driver: Process, port: Int, sessionID: String, browserPID: Int32?) {
        self.driver = driver
        self.port = port
        self.sessionID = sessionID
        self.browserPID = browserPID
    }

    // MARK: launching

    /// The executable named by `variable`, else the first of `names` on `PATH`.
    static func executable(_ names: [String], variable: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[variable], !path.isEmpty { return FileManager.default.isExecutableFile(atPath: path) ? path : nil }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in names {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) { return folder + "/" + name }
        }
        return nil
    }

    /// Why browser tests cannot run here (nil when chromium and chromedriver are both installed).
    public static var missing: String? {
        var absent: [String] = []
        if executable(["chromium", "chromium-browser", "google-chrome"], variable: "OCOP_CHROMIUM") == nil { absent.append("chromium") }
        if executable(["chromedriver"], variable: "OCOP_CHROMEDRIVER") == nil { absent.append("chromium-driver") }
        guard !absent.isEmpty else { return nil }
        return "browser tests need headless Chromium and its WebDriver: apt-get install \(absent.joined(separator: " ")) "
            + "(Debian packages; .ci/run installs them), or set OCOP_CHROMIUM / OCOP_CHROMEDRIVER"
    }

    /// Starts chromedriver on a free loopback port and opens a headless session with a window of
    /// `width` × `height` CSS pixels.
    public static func launch(width: Int = 1280, height: Int = 900) async throws -> Browser {
        if let missing { throw Failure(missing) }
        guard let driverPath = executable(["chromedriver"], variable: "OCOP_CHROMEDRIVER") else { throw Failure("chromedriver not found") }
        var lastError = ""
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...45_000)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: driverPath)
            process.arguments = ["--port=\(port)", "--log-level=SEVERE"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Ready when /status says so; a taken port makes the driver exit, so try another.
            let clock = ContinuousClock(), deadline = clock.now + .seconds(10)
            var ready = false
            while clock.now < deadline, process.isRunning {
                do {
                    let (_, data) = try await DriverHTTP.exchange(port: port, "GET", "/status", nil)
                    if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                       (object["value"] as? [String: Any])?["ready"] as? Bool == true {
                        ready = true
                        break
                    }
                } catch {
                    lastError = "\(error)"
                    if trace { FileHandle.standardError.write(Data("webdriver status: \(error)\n".utf8)) }
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            guard ready else {
                lastError = "chromedriver did not start on port \(port): \(lastError)"
                await stop(process)
                continue
            }
            var options: [String: Any] = ["args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                                   "--lang=vi", "--window-size=\(width),\(height)", "--hide-scrollbars"]]
            if let chromium = ProcessInfo.processInfo.environment["OCOP_CHROMIUM"], !chromium.isEmpty { options["binary"] = chromium }
            let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": ["browserName": "chrome", "goog:chromeOptions": options]]]
            do {
                let value = try await call(port, "POST", "/session", capabilities)
                guard let object = value as? [String: Any], let id = object["sessionId"] as? String else {
                    throw Failure("chromedriver answered no session: \(value)")
                }
                let pid = ((object["capabilities"] as? [String: Any])?["goog:processID"] as? NSNumber)?.int32Value
                return Browser(driver: process, port: port, sessionID: id, browserPID: pid)
            } catch {
                await stop(process)
                throw Failure("could not open a Chromium session through chromedriver: \(error)")
            }
        }
        throw Failure(lastError)
    }

    /// Ends the browser session and the chromedriver process (the browser goes with its session).
    public func quit() async {
        _ = try? await Self.call(port, "DELETE", "/session/\(sessionID)", nil)
        await Self.stop(driver)
        if let browserPID, kill(browserPID, 0) == 0 { kill(browserPID, SIGTERM) }
    }

    /// TERM, then KILL if the driver is still there after two seconds.
    private static func stop(_ process: Process) async {
        if process.isRunning { process.terminate() }
        for _ in 0..<40 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    // MARK: the protocol

    /// `OCOP_BROWSER_TRACE=1` logs every WebDriver command to standard error.
    private static let trace = ProcessInfo.processInfo.environment["OCOP_BROWSER_TRACE"] == "1"

    private static func call(_ port: Int, _ method: String, _ path: String, _ body: [String: Any]?) async throws -> Any {
        let json = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        if trace { FileHandle.standardError.write(Data("webdriver → \(method) \(path)\n".utf8)) }
        let (status, data) = try await DriverHTTP.exchange(port: port, method, path, json)
        if trace { FileHandle.standardError.write(Data("webdriver ← \(status) \(data.count) B \(String(decoding: data.prefix(200), as: UTF8.self))\n".utf8)) }
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        let value = object?["value"] ?? NSNull()
        if status >= 400 {
            let error = value as? [String: Any]
            throw WebDriverError(code: error?["error"] as? String ?? "HTTP \(status)",
                                 message: (error?["message"] as? String ?? String(decoding: data, as: UTF8.self)).prefix(400).description)
        }
        return value
    }

    public struct WebDriverError: Error, CustomStringConvertible {
        public let code: String
        public let message: String
        public var description: String { "WebDriver \(code): \(message)" }
    }

    @discardableResult
    func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        let value = try await Self.call(port, method, "/session/\(sessionID)/\(path)", body)
        return value is NSNull ? nil : value
    }

    func lookup(_ css: String, from element: String? = nil) async throws -> [Element] {
        let path = element.map { "element/\($0)/elements" } ?? "elements"
        let found = try await command("POST", path, ["using": "css selector", "value": css]) as? [[String: Any]] ?? []
        return found.compactMap { ($0[Self.elementKey] as? String).map { Element(browser: self, id: $0) } }
    }

    // MARK: pages

    /// Opens `url` and waits for the page to load.
    public func go(_ url: URL) async throws { try await command("POST", "url", ["url": url.absoluteString]) }

    public func currentURL() async throws -> URL {
        URL(string: try await command("GET", "url") as? String ?? "") ?? URL(string: "about:blank")!
    }

    public func title() async throws -> String { try await command("GET", "title") as? String ?? "" }
    public func source() async throws -> String { try await command("GET", "source") as? String ?? "" }
    public func back() async throws { try await command("POST", "back", [:]) }

    /// Runs `script` in the page (its `arguments` are `args`) and returns its result.
    public func run(_ script: String, _ args: [Any] = []) async throws -> Any? {
        try await command("POST", "execute/sync", ["script": script, "args": args])
    }

    public func resize(width: Int, height: Int) async throws {
        try await command("POST", "window/rect", ["width": width, "height": height])
    }

    /// Every element matching `css` now (no waiting).
    public func all(_ css: String) async throws -> [Element] { try await lookup(css) }

    /// The first element matching `css`, waiting for it to appear.
    public func find(_ css: String) async throws -> Element {
        try await wait("an element matching \(css)") { try await self.lookup(css).first }
    }

    /// The first element matching `css` whose text contains `text`, waiting for it.
    public func find(_ css: String, containing text: String) async throws -> Element {
        try await wait("an element matching \(css) with text “\(text)”") {
            for element in try await self.lookup(css) where try await element.text().contains(text) { return element }
            return nil
        }
    }

    /// Waits until the current URL's path satisfies `predicate`; returns the URL.
    @discardableResult
    public func waitForPath(_ what: String, _ predicate: @escaping @Sendable (String) -> Bool) async throws -> URL {
        try await wait("the address to be \(what)") {
            let url = try await self.currentURL()
            return predicate(url.path) ? url : nil
        }
    }

    /// Polls `probe` every 50 ms until it returns a value or `timeout` passes; then fails with
    /// the current address and the start of the page's text, which is what one needs to see.
    public func wait<T: Sendable>(_ what: String, _ probe: @escaping @Sendable () async throws -> T?) async throws -> T {
        let clock = ContinuousClock(), deadline = clock.now + timeout
        while true {
            if let value = try? await probe() { return value }
            if clock.now >= deadline { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let url = (try? await currentURL())?.absoluteString ?? "?"
        let text = (try? await run("return document.body ? document.body.innerText : ''") as? String) ?? ""
        throw Failure("timed out after \(timeout) waiting for \(what) at \(url); the page reads:\n\(text.prefix(1500))")
    }

    // MARK: screenshots

    /// Where screenshots go: `.build/screenshots/` in the package (or `OCOP_SCREENSHOTS_DIR`).
    public static var screenshotsDirectory: URL {
        if let folder = ProcessInfo.processInfo.environment["OCOP_SCREENSHOTS_DIR"], !folder.isEmpty { return URL(fileURLWithPath: folder) }
        // Tests/OCOPTestSupport/Browser.swift → the package root.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/screenshots")
    }

    /// The current viewport as PNG bytes.
    public func screenshotPNG() async throws -> Data {
        guard let base64 = try await command("GET", "screenshot") as? String, let data = Data(base64Encoded: base64) else {
            throw Failure("chromedriver returned no screenshot")
        }
        return data
    }

    /// Saves the whole page (the window stretched to the page's height, then restored) as
    /// `<name>.png` under `screenshotsDirectory`; returns the file.
    @discardableResult
    public func screenshot(_ name: String) async throws -> URL {
        let rect = try await command("GET", "window/rect") as? [String: Any] ?? [:]
        let width = (rect["width"] as? NSNumber)?.intValue ?? 1280, height = (rect["height"] as? NSNumber)?.intValue ?? 900
        let full = (try await run("return Math.ceil(document.documentElement.scrollHeight)") as? NSNumber)?.intValue ?? height
        if full > height { try await resize(width: width, height: min(full, 8000)) }
        let png = try await screenshotPNG()
        if full > height { try await resize(width: width, height: height) }
        let folder = Self.screenshotsDirectory
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name + ".png")
        try png.write(to: file)
        return file
    }
}

/// HTTP/1.1 to chromedriver over a loopback socket, one connection per command. Foundation's
/// URLSession cannot be used on Linux: chromedriver writes headers without a space after the
/// colon (`Content-Length:250`), which FoundationNetworking refuses ("Failed writing header").
/// Each exchange blocks a thread of its own queue, not one of the concurrency pool's few threads.
enum DriverHTTP {
    private static let queue = DispatchQueue(label: "ocop.browser.webdriver", attributes: .concurrent)

    static func exchange(port: Int, _ method: String, _ path: String, _ body: Data?, timeout: Double = 120) async throws -> (Int, Data) {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try blockingExchange(port: port, method, path, body, timeout: timeout) }) }
        }
    }

    private static func blockingExchange(port: Int, _ method: String, _ path: String, _ body: Data?, timeout: Double) throws -> (Int, Data) {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Browser.Failure("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Browser.Failure("cannot connect to chromedriver on port \(port)") }
        var request = Data("\(method) \(path) HTTP/1.1\r\nHost: localhost:\(port)\r\nConnection: close\r\n".utf8)
        if let body {
            request.append(Data("Content-Type: application/json; charset=utf-8\r\nContent-Length: \(body.count)\r\n\r\n".utf8))
            request.append(body)
        } else {
            request.append(Data((method == "GET" ? "" : "Content-Length: 0\r\n") .utf8))
            request.append(Data("\r\n".utf8))
        }
        var sent = 0
        while sent < request.count {
            let n = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Browser.Failure("chromedriver closed the connection while \(method) \(path) was sent") }
            sent += n
        }
        // Read the head, then the body by Content-Length (or to the end of the connection).
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let deadline = Date().addingTimeInterval(timeout)
        var headEnd: Int?
        var length: Int?
        while true {
            if let end = headEnd, let length, received.count - end >= length { break }
            guard Date() < deadline else { throw Browser.Failure("chromedriver did not answer \(method) \(path) within \(Int(timeout)) s") }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 200) > 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
            if headEnd == nil, let range = received.range(of: Data("\r\n\r\n".utf8)) {
                headEnd = range.upperBound
                let head = String(decoding: received[..<range.lowerBound], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
                        length = Int(parts[1].trimmingCharacters(in: .whitespaces))
                    }
                }
            }
        }
        guard let end = headEnd else { throw Browser.Failure("chromedriver sent no HTTP response to \(method) \(path)") }
        let statusLine = String(decoding: received[..<end], as: UTF8.self).split(separator: "\r\n").first ?? ""
        let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        var payload = Data(received[end...])
        if let length, payload.count > length { payload = payload.prefix(length) }
        return (status, payload)
    }
}
