import PorticoRedis

/// The Lua scripts that keep an audit chain linear across every writer and the archiver.
enum AuditScripts {
    /// Appends a chained event only when the head is still where the writer read it, so two
    /// writers never both link to the same event (the loser reads the head again and retries).
    /// Trims by length only while no archiver has marked the stream; after that the archiver
    /// trims, and only past what it archived.
    /// KEYS stream, head, archived; ARGV expected seq ("0": none yet), new seq, new hash,
    /// max length, then field name/value pairs. The entry id, or nil on a conflict.
    static let append = RedisScript(name: "audit-append", source: """
        local current = redis.call('HGET', KEYS[2], 'seq') or '0'
        if current ~= ARGV[1] then return false end
        local args = {KEYS[1]}
        if redis.call('EXISTS', KEYS[3]) == 0 then
          table.insert(args, 'MAXLEN'); table.insert(args, '~'); table.insert(args, ARGV[4])
        end
        table.insert(args, '*')
        for i = 5, #ARGV do table.insert(args, ARGV[i]) end
        local id = redis.call('XADD', unpack(args))
        redis.call('HSET', KEYS[2], 'seq', ARGV[2], 'hash', ARGV[3])
        return id
        """)

    /// Puts the chain head where the archive ends, only while there is no head (Redis lost it):
    /// KEYS head; ARGV seq, hash. 1 when seeded, 0 when a head was there (another writer seeded).
    static let seedHead = RedisScript(name: "audit-seed-head", source: """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'hash', ARGV[2])
        return 1
        """)

    /// Moves the archive mark forward only from where this archiver read it: KEYS archived;
    /// ARGV old id, new id, new seq. 1 when moved.
    static let advanceMark = RedisScript(name: "audit-advance-mark", source: """
        local current = redis.call('HGET', KEYS[1], 'id') or ''
        if current ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'id', ARGV[2], 'seq', ARGV[3])
        return 1
        """)

    /// Trims the stream to about `max length` entries, never past the archive mark: KEYS stream,
    /// archived; ARGV max length. The number of entries removed.
    static let trimArchived = RedisScript(name: "audit-trim-archived", source: """
        local excess = redis.call('XLEN', KEYS[1]) - tonumber(ARGV[1])
        if excess <= 0 then return 0 end
        local upto = redis.call('HGET', KEYS[2], 'id')
        if not upto or upto == '0-0' then return 0 end
        local old = redis.call('XRANGE', KEYS[1], '-', upto, 'COUNT', excess)
        if #old == 0 then return 0 end
        local last = old[#old][1]
        local removed = redis.call('XTRIM', KEYS[1], 'MINID', last)
        return removed + redis.call('XDEL', KEYS[1], last)
        """)
}
