-- Punchout shop sessions (cXML PunchOutSetupRequest or SAP OCI call-up). PostgreSQL dialect; keep in
-- step with migrations/sqlite/.
CREATE TABLE punchout_sessions (
    id                      TEXT PRIMARY KEY,      -- 256-bit random; the session lives in the URL
    partner_id              TEXT NOT NULL,
    protocol                TEXT NOT NULL CHECK (protocol IN ('cxml', 'oci')),
    operation               TEXT NOT NULL,         -- create, edit, inspect
    buyer_cookie            TEXT,
    return_url              TEXT NOT NULL,         -- BrowserFormPost URL or OCI HOOK_URL
    params                  TEXT NOT NULL,         -- JSON: extrinsics, ship-to, selected item, OCI fields, buyer credentials
    cart                    TEXT NOT NULL,         -- canonical punchout_cart JSON
    cart_version            BIGINT  NOT NULL DEFAULT 0, -- optimistic lock: bumped on every cart change
    start_token_hash        TEXT UNIQUE,           -- sha256 of the one-time StartPage token; NULL once used
    start_token_expires_at  BIGINT,                -- epoch milliseconds
    expires_at              BIGINT NOT NULL,       -- epoch milliseconds
    state                   TEXT NOT NULL CHECK (state IN ('open', 'transferred')),
    transfers               BIGINT NOT NULL DEFAULT 0,
    setup_document_id       TEXT,
    created_at              TIMESTAMPTZ NOT NULL,
    updated_at              TIMESTAMPTZ NOT NULL
);
CREATE INDEX punchout_sessions_partner ON punchout_sessions (partner_id, created_at);
