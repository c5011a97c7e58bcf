-- b2bgate schema, PostgreSQL dialect. Keep in step with migrations/sqlite/ (same tables, columns, keys).

-- Every inbound and outbound document, byte for byte.
CREATE TABLE documents (
    id            TEXT PRIMARY KEY,
    partner_id    TEXT,                       -- NULL when the sender could not be identified
    direction     TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    syntax        TEXT NOT NULL,              -- cxml, oci, x12, edifact, ubl, json, unknown
    doc_type      TEXT,                       -- purchase_order, invoice, ... when known
    control_id    TEXT,                       -- payloadID, ISA13, UNB 0020, UBL ID
    order_number  TEXT,
    dedup_key     TEXT NOT NULL UNIQUE,       -- same document twice -> one row
    sha256        TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    content_type  TEXT,
    body          BYTEA NOT NULL,
    status        TEXT NOT NULL,              -- accepted, rejected, queued, sent, failed
    issues        TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    order_id      TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX documents_partner_created ON documents (partner_id, created_at);
CREATE INDEX documents_order_number ON documents (order_number);
CREATE INDEX documents_order_id ON documents (order_id);

-- Orders as canonical JSON plus the columns we filter on.
CREATE TABLE orders (
    id                  TEXT PRIMARY KEY,
    partner_id          TEXT NOT NULL,
    order_number        TEXT NOT NULL,
    status              TEXT NOT NULL,        -- received, confirmed, shipped, invoiced, rejected, cancelled
    syntax              TEXT NOT NULL,        -- the syntax the order arrived in
    currency            TEXT,
    total               TEXT,                 -- decimal as text, never a float
    line_count          BIGINT NOT NULL,
    order_date          TEXT,
    version             BIGINT NOT NULL DEFAULT 1,
    source_document_id  TEXT NOT NULL REFERENCES documents (id),
    body                TEXT NOT NULL,        -- canonical purchase_order JSON
    flags               TEXT NOT NULL DEFAULT '[]',
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    UNIQUE (partner_id, order_number)
);
CREATE INDEX orders_status ON orders (status);
CREATE INDEX orders_created ON orders (created_at);

-- Durable outbox: every outbound delivery is a job, claimed by the relay.
CREATE TABLE outbox (
    id               TEXT PRIMARY KEY,
    partner_id       TEXT,
    kind             TEXT NOT NULL,           -- how to deliver (http_post, as2, file, connector:...)
    target           TEXT NOT NULL,           -- where (URL, folder, connector name)
    idempotency_key  TEXT NOT NULL UNIQUE,
    document_id      TEXT REFERENCES documents (id),
    order_id         TEXT,
    state            TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'dead')),
    attempts         BIGINT NOT NULL DEFAULT 0,
    max_attempts     BIGINT NOT NULL,
    next_run_at      BIGINT NOT NULL,        -- epoch milliseconds
    locked_by        TEXT,
    locked_until     BIGINT,                   -- epoch milliseconds; lease of a running job
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX outbox_due ON outbox (state, next_run_at);

-- Control numbers per partner and kind (ISA13, GS06, ST02, UNB 0020 ...): never reused.
CREATE TABLE control_numbers (
    partner_id  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    value       BIGINT NOT NULL,
    PRIMARY KEY (partner_id, kind)
);
