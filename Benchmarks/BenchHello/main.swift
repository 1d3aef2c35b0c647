// Hello-world anchor for scripts/bench: a bare Hummingbird 2 server answering
// GET / with "Hello, world!". Usage: BenchHello [port] (default 8089), binds 127.0.0.1.
import Hummingbird

let arguments = CommandLine.arguments
let port = arguments.count > 1 ? Int(arguments[1]) ?? 8089 : 8089

let router = Router()
router.get("/") { _, _ in
    "Hello, world!"
}
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "BenchHello")
)
try await app.runService()
