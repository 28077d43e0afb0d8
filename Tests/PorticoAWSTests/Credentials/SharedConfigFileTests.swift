import Testing

@testable import PorticoAWS

@Suite struct SharedConfigFileTests {
    @Test func credentialsFileSectionsAreProfileNames() {
        let file = SharedConfigFile(parsing: """
            # comment
            [default]
            aws_access_key_id = AKIADEFAULT
            AWS_Secret_Access_Key=secret=with=equals

            ; another comment
            [dev]
            aws_access_key_id=AKIADEV
            """, kind: .credentials)
        #expect(file.profiles["default"] == ["aws_access_key_id": "AKIADEFAULT", "aws_secret_access_key": "secret=with=equals"])
        #expect(file.profiles["dev"] == ["aws_access_key_id": "AKIADEV"])
    }

    @Test func configFileNeedsTheProfilePrefixAndSkipsOtherSections() {
        let file = SharedConfigFile(parsing: """
            [default]
            region = eu-west-1
            [profile  spoke ]
            role_arn = arn:aws:iam::111111111111:role/PorticoSpoke
            source_profile = hub
            s3 =
              max_concurrent_requests = 10
            [sso-session corp]
            sso_region = us-east-1
            [not-a-profile]
            region = us-west-2
            """, kind: .config)
        #expect(file.profiles.keys.sorted() == ["default", "spoke"])
        #expect(file.profiles["spoke"]?["source_profile"] == "hub")
        #expect(file.profiles["spoke"]?["max_concurrent_requests"] == nil)
        #expect(file.profiles["spoke"]?["s3"] == "")
    }

    @Test func credentialsFileWinsWhereBothSetAKey() {
        let profiles = SharedProfiles(
            credentials: SharedConfigFile(parsing: "[dev]\naws_access_key_id = FROMCREDENTIALS", kind: .credentials),
            config: SharedConfigFile(parsing: "[profile dev]\naws_access_key_id = FROMCONFIG\nregion = us-west-2", kind: .config))
        #expect(profiles.profile("dev") == ["aws_access_key_id": "FROMCREDENTIALS", "region": "us-west-2"])
        #expect(profiles.profile("missing") == nil)
    }

    @Test func windowsLineEndingsAndGarbageLinesAreTolerated() {
        let file = SharedConfigFile(parsing: "[a]\r\nkey = v\r\nno equals here\r\n= orphan\r\n[unterminated\r\nx = y", kind: .credentials)
        #expect(file.profiles["a"] == ["key": "v"])
    }
}
