import Testing
@testable import GantryGates
