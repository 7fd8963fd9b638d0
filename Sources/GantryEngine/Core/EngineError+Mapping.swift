import Foundation
import GantryModel
import GantrySSH
import GantryStore
import GantryGit

extension EngineError {
    /// Wraps any error from the layers below in the engine's categories.
    static func wrap(_ error: any Error) -> EngineError {
        switch error {
        case let error as EngineError:
            return error
        case let error as StoreError:
            switch error.exitCode {
            case 3: return .refused(error.description)
            case 2: return .configuration(error.description)
            default: return .infrastructure(error.description)
            }
        case let error as SSHError:
            return .infrastructure(error.description)
        case let error as SecretError:
            return .configuration(error.description)
        case let error as GantryModelError:
            return .configuration("\(error)")
        case let error as GitError:
            return .configuration("\(error)")
        default:
            return .infrastructure("\(error)")
        }
    }
}

/// Runs `body`, turning every error into an `EngineError`.
func engineCall<T>(_ body: () throws -> T) throws(EngineError) -> T {
    do {
        return try body()
    } catch {
        throw EngineError.wrap(error)
    }
}
