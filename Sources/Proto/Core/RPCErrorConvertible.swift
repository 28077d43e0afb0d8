/// An application error that knows which RPC status it should be reported as: the one way a
/// service's errors become `RPCError`s. A handler throws its own error; the server's dispatcher
/// sends `rpcError` (any other error is a generic INTERNAL).
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}
