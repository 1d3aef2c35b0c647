import Foundation
import OCOPTestSupport
import Testing

/// Failures at start-up end with the one-line message and exit 1, never with a crash
/// (a debug build used to trip sqlite-nio's "connection was not closed" assertion: SIGILL, exit 132).
@Suite(.serialized) struct StartupFailureTests {
    @Test func aPortInUseNeverCrashes() async throws {
        let directory = try Host.workspace()
        // A registry large enough that the first background pass is still running when the bind fails.
        #expect(try Host.run(["generate", "--province", "01", "--products", "20000", "--seed", "7", "--out", "demo"], in: directory).status == 0)
        #expect(try Host.run(["import", "subjects", "demo/subjects.csv", "--province", "01"], in: directory).status == 0)
        #expect(try Host.run(["import", "products", "demo/products.csv", "--province", "01"], in: directory).status == 0)
        let first = try ServeProcess(directory: directory, arguments: [])
        let port = try await first.waitForPort()
        defer { _ = first.terminate() }
        for attempt in 0..<3 {
            let second = try Host.run(["serve"], in: directory, environment: ["OCOP_PORT": "\(port)"])
            #expect(second.status == 1, "attempt \(attempt): \(second.stderr)")
            #expect(second.stderr.contains("the port is already in use"), "\(second.stderr)")
            #expect(!second.stderr.contains("Assertion failed"), "\(second.stderr)")
        }
    }

    @Test func anUnresolvableHostNeverCrashes() throws {
        let directory = try Host.workspace()
        for attempt in 0..<2 {
            let result = try Host.run(["serve"], in: directory, environment: [
                "OCOP_HOST": "no-such-host.invalid", "OCOP_PORT": "0", "OCOP_DATABASE_URL": "sqlite:./data/h-\(attempt).sqlite"])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("server: cannot serve on no-such-host.invalid"), "\(result.stderr)")
            #expect(!result.stderr.contains("Assertion failed"), "\(result.stderr)")
        }
    }

    /// Finding 5: SIGTERM no longer waits for stalled clients beyond `server.shutdown_grace_seconds`.
    @Test func sigtermDrainIsBounded() async throws {
        let directory = try Host.workspace()
        try Host.write("server:\n  shutdown_grace_seconds: 2\n  body_timeout_seconds: 600\n  idle_timeout_seconds: 600\n",
                       to: "slow.yaml", in: directory)
        let server = try ServeProcess(directory: directory, arguments: ["--config", "config.yaml", "--config", "slow.yaml"])
        let port = try await server.waitForPort()
        var stalled: [RawConnection] = []
        for _ in 0..<50 {
            let connection = try RawConnection(port: port)
            try connection.send("POST /api/v1/auth/tokens HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"username\":")
            stalled.append(connection)
        }
        let idle = try RawConnection(port: port)
        try idle.send("GET /health HTTP/1.1\r\nHost: local")
        try await Task.sleep(for: .milliseconds(500))
        let started = Date()
        server.process.terminate()
        while server.process.isRunning, Date().timeIntervalSince(started) < 20 {
            try await Task.sleep(for: .milliseconds(100))
        }
        let elapsed = Date().timeIntervalSince(started)
        if server.process.isRunning {
            kill(server.process.processIdentifier, SIGKILL)
            Issue.record("still running 20 s after SIGTERM with stalled clients")
        }
        let status = server.terminate()
        #expect(elapsed < 10, "exited \(elapsed) s after SIGTERM")
        #expect(status == 0, "\(server.stderr)")
        #expect(server.stderr.contains("ocop stopped"), "\(server.stderr)")
        #expect(stalled.count == 50)
    }
}
