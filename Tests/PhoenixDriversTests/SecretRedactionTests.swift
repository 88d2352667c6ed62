import PhoenixDrivers
import Testing

/// Issue #12, M3: what the redactor missed in drift diffs of stack files.
@Suite struct SecretRedactionTests {
    let redactor = Redactor.standard

    @Test func assignmentsEndingInPassOrKeyAreMasked() {
        #expect(redactor.text("DB_PASS=HUNTER2-ENVFILE-2") == "DB_PASS=<redacted>")
        #expect(redactor.text("+QDRANT_KEY=abc123 other") == "+QDRANT_KEY=<redacted> other")
        #expect(redactor.text("PGPASSWORD=x") == "PGPASSWORD=<redacted>")
        #expect(redactor.text("COMPASS=north") == "COMPASS=north")
        #expect(redactor.text("MONKEY=banana") == "MONKEY=banana")
    }

    @Test func yamlAndJSONMappingsAreMasked() {
        let diff = """
            --- applied/host/quickOS/portainer_stacks/vector_db/docker-compose.production.yml
            +++ target/host/quickOS/portainer_stacks/vector_db/docker-compose.production.yml
            @@ -3,2 +3,2 @@
            -      DATABASE_PASS: HUNTER2-DB-PASS
            +      DATABASE_PASS: ROTATED-BY-OPS-NEWPASS
                   QDRANT__SERVICE__API_KEY: HUNTER2-API-KEY
                   image: qdrant/qdrant
            """
        let masked = redactor.text(diff)
        #expect(!masked.contains("HUNTER2"))
        #expect(!masked.contains("ROTATED"))
        #expect(masked.contains("+      DATABASE_PASS: <redacted>"))
        #expect(masked.contains("image: qdrant/qdrant"))
        #expect(redactor.text(#"  "admin_password": "s3cr3t","#) == #"  "admin_password": <redacted>"#)
        #expect(redactor.text("error: token: expected a value") == "error: token: expected a value")
    }

    @Test func urlPasswordsAreMasked() {
        #expect(
            redactor.text("      DB_URL: postgres://app:ROTATED-BY-OPS@db/app")
                == "      DB_URL: postgres://app:<redacted>@db/app")
        #expect(redactor.text("see https://user:pw@example.com/x and http://a.b/c") == "see https://user:<redacted>@example.com/x and http://a.b/c")
        #expect(redactor.text("git://127.0.0.1:9418/repo.git") == "git://127.0.0.1:9418/repo.git")
        #expect(redactor.text("ssh://git@host/repo") == "ssh://git@host/repo")
    }
}
