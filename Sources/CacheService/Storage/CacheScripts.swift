import PorticoRedis

/// The Lua scripts that make the cache's multi-key changes atomic. Each reads the server's own
/// clock (`TIME`) where it needs one, so replicas with skewed clocks agree.
enum CacheScripts {
    /// Makes a written generation current — once per job.
    ///
    /// KEYS: pointer `g:A`, status `s:A`, job record, `gc`, the new generation's principal set.
    /// ARGV: prefix, scope field, generation, sequence, status JSON, grace ms, job record ms,
    /// account, `1` for an IAM generation (maintain principal → accounts).
    ///
    /// Returns `{outcome, replaced generation}`: `committed`; `duplicate` when the job was
    /// already done (a reclaimed job that had finished); `stale` when a newer sequence is current.
    static let commit = RedisScript(name: "commit-generation", source: """
        local prefix, field, gen, seq = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        if redis.call('HGET', KEYS[3], 'state') == 'done' then return {'duplicate', ''} end
        local current = tonumber(redis.call('HGET', KEYS[1], 'seq:' .. field) or '-1')
        if seq < current then
          redis.call('HSET', KEYS[3], 'state', 'done', 'outcome', 'superseded', 'updated', now)
          redis.call('PEXPIRE', KEYS[3], ARGV[7])
          return {'stale', ''}
        end
        local old = redis.call('HGET', KEYS[1], field)
        if old == gen then old = false end
        redis.call('HSET', KEYS[1], field, gen, 'seq:' .. field, ARGV[4])
        redis.call('ZREM', KEYS[4], gen)
        if old then redis.call('ZADD', KEYS[4], now + tonumber(ARGV[6]), old) end
        if ARGV[9] == '1' then
          local account = ARGV[8]
          local keep = {}
          for _, p in ipairs(redis.call('SMEMBERS', KEYS[5])) do
            keep[p] = true
            redis.call('SADD', prefix .. 'aa:' .. p, account)
          end
          if old then
            for _, p in ipairs(redis.call('SMEMBERS', prefix .. 'ap:' .. old)) do
              if not keep[p] then redis.call('SREM', prefix .. 'aa:' .. p, account) end
            end
          end
        end
        redis.call('HSET', KEYS[2], field, ARGV[5])
        redis.call('HSET', KEYS[3], 'state', 'done', 'outcome', 'committed', 'generation', gen, 'updated', now)
        redis.call('HINCRBY', KEYS[3], 'commits', 1)
        redis.call('PEXPIRE', KEYS[3], ARGV[7])
        return {'committed', old or ''}
        """)

    /// Marks a job running unless it is done: KEYS job record; ARGV account, scope field,
    /// worker, attempt, record lifetime ms. Returns nil for a done job, else its start count.
    static let startJob = RedisScript(name: "start-job", source: """
        if redis.call('HGET', KEYS[1], 'state') == 'done' then return false end
        redis.call('HSET', KEYS[1], 'state', 'running', 'account', ARGV[1], 'scope', ARGV[2], 'worker', ARGV[3],
          'attempt', ARGV[4])
        local starts = redis.call('HINCRBY', KEYS[1], 'starts', 1)
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return starts
        """)

    /// Sets a job's state unless it is done: KEYS job record; ARGV state, account, scope field,
    /// attempt, record lifetime ms, error (empty: none).
    static let recordJob = RedisScript(name: "record-job", source: """
        if redis.call('HGET', KEYS[1], 'state') == 'done' then return 0 end
        local t = redis.call('TIME')
        redis.call('HSET', KEYS[1], 'state', ARGV[1], 'account', ARGV[2], 'scope', ARGV[3], 'attempt', ARGV[4],
          'updated', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
        if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'error', ARGV[6]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """)

    /// Enqueues a scheduled job only while the cache epoch is the one the scheduler started its
    /// pass with, so a pass cut in two by a flush of Redis cannot sweep what the refill from
    /// DynamoDB is about to restore. KEYS: epoch, schedule `sched:A`, job record, stream.
    /// ARGV: epoch, scope field, next due ms, job JSON, account, record lifetime ms.
    /// Returns 1 when enqueued, 0 when the epoch changed.
    static let enqueueScheduled = RedisScript(name: "enqueue-scheduled", source: """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        local t = redis.call('TIME')
        redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
        redis.call('HSET', KEYS[3], 'state', 'queued', 'account', ARGV[5], 'scope', ARGV[2], 'attempt', '1',
          'updated', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
        redis.call('PEXPIRE', KEYS[3], ARGV[6])
        redis.call('XADD', KEYS[4], '*', 'job', ARGV[4])
        return 1
        """)

    /// Ends a refill: sets the epoch only if Redis was not emptied while it ran (the marker it
    /// set at its start is still there). KEYS: restoring marker, epoch. ARGV: token.
    static let finishRefill = RedisScript(name: "finish-refill", source: """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[2], ARGV[1])
        redis.call('DEL', KEYS[1])
        return 1
        """)

    /// Replaces (or removes) one item inside a scope's current generation, with its name-index
    /// entry and, for a role, its grants in the authorization mapping — only while the
    /// generation is still current and the item still has the digest the caller read.
    ///
    /// KEYS: pointer `g:A`. ARGV: prefix, scope field, generation, ARN, digest read (empty:
    /// absent), new JSON (empty: remove), new digest, name index key, old member (empty: none),
    /// new member, account, then the number of principals to revoke and their names, then the
    /// number of grants and principal/access pairs.
    /// Counts the change in the pointer's `rev:<field>` (what in-memory indexes of the generation
    /// watch). Returns the write time (epoch ms), or `moved` (another generation is current) or
    /// `changed` (someone wrote the item meanwhile): read again and retry.
    static let overwriteItem = RedisScript(name: "overwrite-item", source: """
        local prefix, field, gen, arn = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
        if redis.call('HGET', KEYS[1], field) ~= gen then return 'moved' end
        local itemKey = prefix .. 'i:' .. gen .. ':' .. arn
        local current = redis.call('HGET', itemKey, 'hash') or ''
        if current ~= ARGV[5] then return 'changed' end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('HINCRBY', KEYS[1], 'rev:' .. field, 1)
        if ARGV[9] ~= '' then redis.call('ZREM', ARGV[8], ARGV[9]) end
        if ARGV[6] == '' then
          redis.call('DEL', itemKey)
        else
          redis.call('ZADD', ARGV[8], 0, ARGV[10])
          redis.call('HSET', itemKey, 'doc', ARGV[6], 'hash', ARGV[7], 'swept', now)
        end
        local account = ARGV[11]
        local i = 12
        local revoked = tonumber(ARGV[i])
        for k = 1, revoked do
          local p = ARGV[i + k]
          local grants = prefix .. 'a:' .. gen .. ':' .. p
          redis.call('HDEL', grants, arn)
          if redis.call('HLEN', grants) == 0 then
            redis.call('SREM', prefix .. 'ap:' .. gen, p)
            redis.call('SREM', prefix .. 'aa:' .. p, account)
          end
        end
        i = i + revoked + 1
        local granted = tonumber(ARGV[i])
        for k = 1, granted do
          local p, access = ARGV[i + 2 * k - 1], ARGV[i + 2 * k]
          redis.call('HSET', prefix .. 'a:' .. gen .. ':' .. p, arn, access)
          redis.call('SADD', prefix .. 'ap:' .. gen, p)
          redis.call('SADD', prefix .. 'aa:' .. p, account)
        end
        return now
        """)

    /// One item through its scope's pointer: KEYS pointer; ARGV prefix, field, ARN.
    static let item = RedisScript(name: "get-item", source: """
        local gen = redis.call('HGET', KEYS[1], ARGV[2])
        if not gen then return false end
        return redis.call('HGET', ARGV[1] .. 'i:' .. gen .. ':' .. ARGV[3], 'doc')
        """)

    /// One item with when it was read and its account: KEYS pointer, account record; ARGV
    /// prefix, field, ARN. Returns {doc, read time ms (RefreshItem's, else the generation's
    /// creation), account JSON} or false.
    static let itemDetail = RedisScript(name: "get-item-detail", source: """
        local gen = redis.call('HGET', KEYS[1], ARGV[2])
        if not gen then return false end
        local item = redis.call('HMGET', ARGV[1] .. 'i:' .. gen .. ':' .. ARGV[3], 'doc', 'swept')
        if not item[1] then return false end
        local swept = item[2] or redis.call('HGET', ARGV[1] .. 'm:' .. gen, 'created') or '0'
        return {item[1], swept, redis.call('GET', KEYS[2]) or ''}
        """)

    /// The roles granted to principals in accounts, through each account's current IAM
    /// generation: ARGV prefix, then principal/account pairs. Returns ARN, access, ARN, access, ….
    static let eligible = RedisScript(name: "eligible-roles", source: """
        local out = {}
        for i = 2, #ARGV - 1, 2 do
          local gen = redis.call('HGET', ARGV[1] .. 'g:' .. ARGV[i + 1], 'iam')
          if gen then
            local h = redis.call('HGETALL', ARGV[1] .. 'a:' .. gen .. ':' .. ARGV[i])
            for j = 1, #h do out[#out + 1] = h[j] end
          end
        end
        return out
        """)

    /// The next job sequence: above every one handed out and not below the server's clock in
    /// microseconds, so sequences keep rising after a flush (unless more than one was handed out
    /// per microsecond on average before it). KEYS: `seq`.
    static let nextSequence = RedisScript(name: "next-sequence", source: """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        local n = math.max(current + 1, now)
        redis.call('SET', KEYS[1], string.format('%d', n))
        return n
        """)

    /// Moves retries that are due onto the job stream: KEYS delayed, stream; ARGV limit.
    static let releaseDelayed = RedisScript(name: "release-delayed-jobs", source: """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
        for _, job in ipairs(due) do
          redis.call('ZREM', KEYS[1], job)
          redis.call('XADD', KEYS[2], '*', 'job', job)
        end
        return #due
        """)

    /// The server's clock in epoch milliseconds.
    static let now = RedisScript(name: "now", source: """
        local t = redis.call('TIME')
        return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        """)
}
