import Testing
@testable import GantryEngine
