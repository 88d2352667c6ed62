/// The text of the gateway's two nginx files.
enum GatewayConfigText {
    /// The http site: port 80 serves ACME challenges from Traefik and redirects the rest to https;
    /// port 443 terminates TLS with the gateway certificate and proxies to Traefik's websecure entry
    /// point. No `default_server`, so the distribution's default site can stay.
    static func site(domain: String, upstream: String, certificates: GatewayCertificates) -> String {
        let names = "\(domain) *.\(domain)"
        let forwarded = [
            "proxy_set_header Host $host;",
            "proxy_set_header X-Real-IP $remote_addr;",
            "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
            "proxy_set_header X-Forwarded-Proto $scheme;",
        ]
        var lines = [
            ManagedHeader.line(.nginxGateway),
            "# HTTP and HTTPS for \(names), proxied to Traefik at \(upstream).",
            "",
            "map $http_upgrade $phoenix_connection_upgrade {",
            "    default upgrade;",
            "    ''      close;",
            "}",
            "",
            "server {",
            "    listen 80;",
            "    listen [::]:80;",
            "    server_name \(names);",
            "",
            "    location /.well-known/acme-challenge/ {",
            "        proxy_pass http://\(upstream):80;",
        ]
        lines += forwarded.map { "        " + $0 }
        lines += [
            "    }",
            "",
            "    location / {",
            "        return 301 https://$host$request_uri;",
            "    }",
            "}",
            "",
            "server {",
            "    listen 443 ssl http2;",
            "    listen [::]:443 ssl http2;",
            "    server_name \(names);",
            "",
            "    ssl_certificate \(certificates.serverCertificate);",
            "    ssl_certificate_key \(certificates.serverKey);",
            "    ssl_protocols TLSv1.2 TLSv1.3;",
            "    ssl_prefer_server_ciphers off;",
            "",
            "    client_max_body_size 16M;",
            "    large_client_header_buffers 4 16k;",
            "",
            "    location / {",
            "        proxy_pass https://\(upstream):443;",
            "        proxy_http_version 1.1;",
        ]
        lines += forwarded.map { "        " + $0 }
        lines += [
            "        proxy_set_header Upgrade $http_upgrade;",
            "        proxy_set_header Connection $phoenix_connection_upgrade;",
            "        proxy_ssl_server_name on;",
            "        proxy_ssl_name $host;",
            "        proxy_ssl_verify off;",
            "        proxy_read_timeout 300;",
            "        proxy_send_timeout 300;",
            "    }",
            "}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The stream config: the mesh port, mutual TLS on both sides. Clients must present a
    /// certificate of the internal CA; the gateway presents its client certificate to Traefik's mesh
    /// entry point and verifies Traefik's. The file holds its own `stream {}` block (it is included at
    /// the top level of nginx.conf, as the original's stream file was).
    static func stream(upstream: String, meshPort: Int, certificates: GatewayCertificates) -> String {
        let lines = [
            ManagedHeader.line(.nginxGateway),
            "# Mesh (mTLS) port \(meshPort), proxied to Traefik at \(upstream):\(meshPort).",
            "",
            "stream {",
            "    upstream phoenix_traefik_mesh {",
            "        server \(upstream):\(meshPort);",
            "    }",
            "",
            "    server {",
            "        listen \(meshPort) ssl;",
            "",
            "        ssl_certificate \(certificates.serverCertificate);",
            "        ssl_certificate_key \(certificates.serverKey);",
            "        ssl_protocols TLSv1.2 TLSv1.3;",
            "        ssl_client_certificate \(certificates.trustedCA);",
            "        ssl_verify_client on;",
            "",
            "        proxy_pass phoenix_traefik_mesh;",
            "        proxy_ssl on;",
            "        proxy_ssl_certificate \(certificates.clientCertificate);",
            "        proxy_ssl_certificate_key \(certificates.clientKey);",
            "        proxy_ssl_trusted_certificate \(certificates.trustedCA);",
            "        proxy_ssl_verify on;",
            "        proxy_ssl_server_name on;",
            "        proxy_ssl_name \(certificates.traefikName);",
            "    }",
            "}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
