import PhoenixDrivers
import Testing

@Suite struct RedactorTests {
    let mask = Redactor.placeholder

    @Test func masksValuesOfSecretFlags() {
        let argv = ["tool", "--password", "hunter22", "--token=abc123", "--user", "root", "--password-file", "/run/pw"]
        #expect(
            Redactor.standard.argv(argv)
                == ["tool", "--password", mask, "--token=\(mask)", "--user", "root", "--password-file", "/run/pw"])
    }

    @Test func masksSecretAssignmentsAndKeepsOthers() {
        let argv = ["docker", "run", "-e", "ADMIN_PASSWORD=s3cret!", "-e", "TZ=UTC", "api_key=zzz9"]
        #expect(Redactor.standard.argv(argv) == ["docker", "run", "-e", "ADMIN_PASSWORD=\(mask)", "-e", "TZ=UTC", "api_key=\(mask)"])
    }

    @Test func masksPEMBlocksAndSwarmTokens() {
        let text = "key: -----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY----- done; join SWMTKN-1-abc-def now"
        let masked = Redactor.standard.text(text)
        #expect(!masked.contains("MHcCAQEE"))
        #expect(!masked.contains("SWMTKN-1-abc"))
        #expect(masked.hasPrefix("key: \(mask) done; join \(mask) now"))
    }

    @Test func masksLiteralSecretsEverywhereButIgnoresTinyOnes() {
        let redactor = Redactor(secrets: ["correct-horse", "ab"])
        #expect(redactor.argv(["sh", "-c", "echo correct-horse | login"]) == ["sh", "-c", "echo \(mask) | login"])
        #expect(redactor.text("tab") == "tab")
    }
}
