#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a configuration file with plain POSIX calls so that failures carry
/// the system's own wording ("No such file or directory") and the size
/// limit is checked before anything is read.
enum FileReader {
    static func contents(of path: String, limit: Int) throws(ConfigError) -> [UInt8] {
        let location = SourceLocation(file: path, line: 0, column: 0)
        func failure(_ message: String) -> ConfigError {
            ConfigError(location: location, message: message)
        }
        func systemError() -> ConfigError {
            failure("cannot read file: \(String(cString: strerror(errno)))")
        }

        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw systemError() }
        defer { close(descriptor) }

        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw systemError() }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw failure("cannot read file: is a directory")
        }
        if Int(info.st_size) > limit {
            throw failure("file too large (\(info.st_size) bytes; limit \(limit) bytes)")
        }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw systemError()
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit {
                throw failure("file too large (more than \(limit) bytes)")
            }
        }
        return bytes
    }
}
