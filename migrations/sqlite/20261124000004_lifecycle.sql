-- Order lifecycle, SQLite dialect. Keep in step with migrations/postgres/.

-- payloadID / ISA13 / UNB 0020 of the document that carried the current version of the order
-- (outbound answers refer to it, e.g. cXML DocumentReference).
ALTER TABLE orders ADD COLUMN source_control_id TEXT;

-- Every earlier version of an order, kept when a change (cXML update, X12 860, ORDCHG) replaces it.
CREATE TABLE order_versions (
    order_id     TEXT NOT NULL REFERENCES orders (id),
    version      INTEGER NOT NULL,
    document_id  TEXT NOT NULL,
    body         TEXT NOT NULL,                -- canonical purchase_order JSON of that version
    created_at   TEXT NOT NULL,
    PRIMARY KEY (order_id, version)
);

-- What we told the buyer about an order: confirmations, shipments, invoices (canonical JSON),
-- each with the outbound document rendered from it.
CREATE TABLE fulfilments (
    id           TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL REFERENCES orders (id),
    kind         TEXT NOT NULL CHECK (kind IN ('confirmation', 'shipment', 'invoice')),
    number       TEXT NOT NULL,                -- confirmID, shipment id, invoice number
    order_version INTEGER NOT NULL,              -- the order version it was issued against
    body         TEXT NOT NULL,                -- canonical order_response / ship_notice / invoice
    document_id  TEXT NOT NULL REFERENCES documents (id),
    created_at   TEXT NOT NULL,
    UNIQUE (order_id, kind, number)
);

-- Attachments that came with a document (cXML multipart/related), kept with the order.
CREATE TABLE attachments (
    id            TEXT PRIMARY KEY,
    document_id   TEXT NOT NULL REFERENCES documents (id),
    order_id      TEXT,
    content_id    TEXT,
    content_type  TEXT,
    filename      TEXT,
    size_bytes    INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    body          BLOB NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX attachments_order ON attachments (order_id);
