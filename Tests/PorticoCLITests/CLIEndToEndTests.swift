import PorticoStackSupport
import PorticoTestSupport
import Testing

/// Issue 15's acceptance: the real `portico` binary against `portico-server all` (redis-server,
/// signature-checking moto), checked with the AWS CLI, boto3 and bash as they are. One stack for
/// every suite inside, one test at a time (they count the gateway's calls).
@Suite(.runningPortico, .serialized) struct CLIEndToEndTests {}
