import Testing
@testable import PhoenixNotify
