import Foundation
import PorticoStackSupport
import PorticoTestSupport
import Testing

extension CLIEndToEndTests {
    /// The commands' plain behaviour: listings, links, shells, configuration errors, help.
    @Suite struct CommandLineTests {
        @Test func listShowsEveryRoleIncludingCLIOnlyAndSearchNarrows() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let short = try await home.portico(["list", "-s"])
            #expect(short.status == 0, "\(short.output)")
            #expect(Set(short.stdout.split(separator: "\n").map(String.init)) == Set(E2EEstate.roles.map(\.arn)))

            let table = try await home.portico(["list", "-a", "beta"])
            #expect(table.stdout.hasPrefix("Account Name"))
            #expect(table.stdout.contains(E2EEstate.deployPipeline.arn))
            #expect(!table.stdout.contains(E2EEstate.webAdmin.arn))

            let search = try await home.portico(["search", "role", "deploy"])
            #expect(search.stdout == E2EEstate.deployPipeline.arn + "\n")
            let accounts = try await home.portico(["search", "account"])
            #expect(accounts.stdout == "alpha (\(E2EEstate.alpha))\nbeta (\(E2EEstate.beta))\n")
        }

        @Test func accountSlashRoleNamesARoleAndTheConsoleLinkCarriesTheRegion() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let portico = try RunningPortico.require()
            let link = try await home.portico(["console", "alpha/web-admin", "-x", "-r", "eu-west-1"])
            #expect(link.status == 0, "\(link.output)")
            #expect(link.stdout == "\(portico.gatewayURL)/role/\(E2EEstate.webAdmin.arn)?r=eu-west-1\n")
        }

        @Test func exportSpeaksTheShellItIsAskedFor() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let fish = try await home.portico(["export", E2EEstate.webAdmin.arn, "--shell", "fish"])
            #expect(fish.status == 0, "\(fish.output)")
            #expect(fish.stdout.hasPrefix("set -gx AWS_ACCESS_KEY_ID 'ASIA"))
            let csh = try await home.portico(["export", E2EEstate.webAdmin.arn], environment: ["SHELL": "/bin/tcsh"])
            #expect(csh.stdout.hasPrefix("setenv AWS_ACCESS_KEY_ID 'ASIA"))
            #expect(csh.stdout.contains("setenv AWS_REGION 'us-east-1';"))
        }

        @Test func aBadConfigurationKeyIsNamed() async throws {
            let home = try CLIHome(portico: try RunningPortico.require())
            try home.write("url: http://127.0.0.1:1\nserver: {prot: 9091}\n", to: home.home + "/.config/portico/config.yaml")
            let unknown = try await home.portico(["list"])
            #expect(unknown.status == 6)
            #expect(unknown.stderr.contains("server.prot"))
            try home.write("url: not a url\n", to: home.home + "/.config/portico/config.yaml")
            let badURL = try await home.portico(["list"])
            #expect(badURL.status == 6)
            #expect(badURL.stderr.contains("'url'"))
        }

        @Test func weepsConfigurationIsReadWhenPorticosIsAbsent() async throws {
            let home = try CLIHome(portico: try RunningPortico.require())
            try FileManager.default.removeItem(atPath: home.home + "/.config/portico/config.yaml")
            try FileManager.default.createDirectory(atPath: home.home + "/.weep", withIntermediateDirectories: true)
            try home.write("consoleme_url: \(home.portico.gatewayURL)\nauthentication_method: challenge\nchallenge_settings: {user: \(E2EEstate.alice)}\n",
                to: home.home + "/.weep/weep.yaml")
            // Not signed in and no terminal: the command says which gateway and what to do.
            let result = try await home.portico(["list"])
            #expect(result.status == 3)
            #expect(result.stderr.contains(home.portico.gatewayURL))
            #expect(result.stderr.contains("portico login"))
        }

        @Test func serveWantsAnIPAddressToListenOn() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let result = try await home.portico(["serve", "-a", "localhost", "-p", "0"])
            #expect(result.status == 2)
            #expect(result.stderr.contains("IP address"))
        }

        @Test func logoutForgetsTheSessionAndTheCache() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            #expect(try await home.portico(["credential_process", E2EEstate.webAdmin.arn]).status == 0)
            let whoami = try await home.portico(["whoami"])
            #expect(whoami.stdout.contains(E2EEstate.alice))
            let logout = try await home.portico(["logout"])
            #expect(logout.status == 0, "\(logout.output)")
            #expect(!FileManager.default.fileExists(atPath: home.sessionFile))
            #expect(!FileManager.default.fileExists(atPath: home.cacheDirectory))
            #expect(try await home.portico(["list"]).status == 3)
        }

        @Test func openPrintsAResourcesPageOnTheGateway() async throws {
            let home = try await CLIHome.signedIn(E2EEstate.alice)
            let result = try await home.portico(["open", E2EEstate.webAdmin.arn, "-x"])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.stdout.hasPrefix(home.portico.gatewayURL))
            #expect(result.stdout.contains("web-admin"))
            let notAnARN = try await home.portico(["open", "web-admin", "-x"])
            #expect(notAnARN.status == 2)
            let noRegion = try await home.portico(["open", "arn:aws:sqs::111111111111:queue", "-x"])
            #expect(noRegion.status == 2)
            #expect(noRegion.stderr.contains("region"))
        }

        @Test func everyCommandHasHelp() async throws {
            let home = try CLIHome(portico: try RunningPortico.require())
            for command in ["login", "logout", "whoami", "list", "search", "credential_process", "export", "file", "serve",
                            "console", "open", "request"] {
                let help = try await home.portico([command, "--help"])
                #expect(help.status == 0, "\(command) --help")
                #expect(help.stdout.contains("USAGE: portico \(command)"), "\(command)")
            }
            let completion = try await home.portico(["--generate-completion-script", "bash"])
            #expect(completion.stdout.contains("credential_process"))
        }
    }
}
