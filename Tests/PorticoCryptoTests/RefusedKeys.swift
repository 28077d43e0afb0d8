/// Keys the loaders must refuse, generated once with the `openssl` CLI (test keys only):
/// `genpkey` for the P-384, RSA-1024 and Ed25519 keys (public halves via `pkey -pubout`), and the
/// RFC 7515 A.3 key encrypted with `pkey -aes256` / `ec -aes256` (passphrase "portico-test").
enum RefusedKeys {
    /// An EC key on P-384, not P-256.
    static let p384PublicPEM = """
        -----BEGIN PUBLIC KEY-----
        MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEWyl8V9GDRJnGHQFJgxzEWNTbfS9hmafl
        frLjg5S4rLAv63BA0UOKs1p5fCgbMPKzmR8RFzuyrFHjO0N0pUK2OXZm7f9ApgI0
        g5Y8XFgrHJP1wUvZ4qnaHCPqByvkwnLh
        -----END PUBLIC KEY-----
        """

    /// An RSA key too small to trust.
    static let rsa1024PublicPEM = """
        -----BEGIN PUBLIC KEY-----
        MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDsoQRqZeATJV3/LK5fQXCPvM98
        xSdxeI+sow02RGK0rQZ9w37DtylTACkND8nAMu3gcrmKkqC4wKVo8ZDvWL+pK4MY
        0kfQH123NjBkWVv37la5vhT5XFAaIi6xutNWAeT8ubo/K4ZU4Z6yVHhFPtXC5Q77
        9P7ob8MxSJ23v1eQ2QIDAQAB
        -----END PUBLIC KEY-----
        """

    /// An Ed25519 key.
    static let ed25519PublicPEM = """
        -----BEGIN PUBLIC KEY-----
        MCowBQYDK2VwAyEAOyX5K+I4kn5FW5Dp77B1tiFHjY8+WMdWG556paQn/KE=
        -----END PUBLIC KEY-----
        """

    /// An encrypted PKCS #8 private key.
    static let encryptedPKCS8PEM = """
        -----BEGIN ENCRYPTED PRIVATE KEY-----
        MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAiX6lqnmz6WawICCAAw
        DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEHzHpYtYlECqTDdT5cnTtREEgZBX
        POtaQCTqwZSclW/W50wnNGUMXaEt0Yv9bCTlvK5qGlfBb8k9ki/WFU+9lzml5s37
        Ki7o+yL6KNZVq5alqiMLUl3mJC7Oa3GicOmijE0KxHHYQGhIcXSD4i+tiva//a2w
        gaJHuqE48v82/nSUMALoqYKqeT3Mgp9veZMh6LhjhMpUmx1fAvi0Giljrg5ekmw=
        -----END ENCRYPTED PRIVATE KEY-----
        """

    /// A legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`).
    static let encryptedSEC1PEM = """
        -----BEGIN EC PRIVATE KEY-----
        Proc-Type: 4,ENCRYPTED
        DEK-Info: AES-256-CBC,BD7D2F1D999539F74A8BF53F4745A897
        
        fc51ck+t1flWuLbG4kYlQbTdGoG5/yXstQykqWsPQQc36DIspxFsX6jTI33s/y6P
        L/l5M6oIrd2gSlkoMnHbDhVDU4muTi2BtBRvfg2aHTFIjrl3GgddoxXI4aD6C0Vq
        X3zSshFyEipmJMz/PgpZVT0PPAQidxdQg/1haAjo9+M=
        -----END EC PRIVATE KEY-----
        """

    /// The `EC PARAMETERS` block `openssl ecparam -genkey` writes ahead of a key.
    static let p256ParametersPEM = """
        -----BEGIN EC PARAMETERS-----
        BggqhkjOPQMBBw==
        -----END EC PARAMETERS-----
        """
}
