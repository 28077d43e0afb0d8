/// The built-in development example: what a process runs with when no configuration file is
/// found. Everything on loopback; secrets come from the development fallback (refused in prod).
public enum DevelopmentConfiguration {
    public static let yaml = """
        # Portico development configuration (built in). Copy to portico.yaml to change it.
        environment: dev
        url: http://127.0.0.1:8080
        region: us-east-1
        listen:
          gateway: 127.0.0.1:8080
          auth: 127.0.0.1:7101
          credentials: 127.0.0.1:7102
          cache: 127.0.0.1:7103
          requests: 127.0.0.1:7104
        redis: {host: 127.0.0.1, port: 6379, db: 0}
        dynamodb: {create_tables: true}
        aws:
          session_duration: 3600
          ip_restrictions: []
          ip_restrictions_on_requester_ip: false
        policies: {role_name: PorticoSpoke}
        accounts: {}
        auth:
          alb:
            enabled: true
            region: us-east-1
            # The development sign-in (/noauth/dev/login) signs ALB-format tokens with a key made
            # at start and serves its public half here, so the real ALB validation runs.
            public_key_url: "http://127.0.0.1:8080/noauth/dev/alb-keys/{kid}"
            signer_arns: ["arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/portico-dev/0000000000000000"]
          trusted_proxy_hops: 0
          challenge: {enabled: true}
          dev_users:
            - {email: alice@example.com, groups: [engineering@example.com]}
            - {email: admin@example.com, groups: [portico-admins@example.com]}
        gateway: {authorization_cache_seconds: 30, eligible_roles_cache_seconds: 10, account_names_cache_seconds: 60}
        groups:
          can_admin: [portico-admins@example.com]
          groups_to_add_for_all_users: []
        cache:
          regions: [us-east-1]
        logging: {format: text, level: info}
        """
}
