-- Canonical records of what partners send us that is neither an order nor an order change:
-- order responses, ship notices, invoices, inventory reports and catalogs (X12 855/865/856/810/
-- 846/832, EDIFACT ORDRSP/DESADV/INVOIC, UBL OrderResponse/DespatchAdvice/Invoice/CreditNote/
-- Catalogue), one row per transaction set or message the acknowledgement accepted,
-- written in the transaction that archives the interchange. SQLite dialect; keep in step
-- with migrations/postgres/.
CREATE TABLE records (
    id            TEXT PRIMARY KEY,
    partner_id    TEXT NOT NULL,
    kind          TEXT NOT NULL,             -- order_response, ship_notice, invoice, inventory_report, catalog
    number        TEXT NOT NULL,             -- response / shipment / invoice number, catalog or report id
    order_number  TEXT,                      -- the order it is about, when it says
    syntax        TEXT NOT NULL,             -- x12, edifact, ubl
    control_id    TEXT,                      -- ISA13/GS06/ST02, UNB 0020/UNH 0062, UBL ID
    document_id   TEXT NOT NULL REFERENCES documents (id),
    body          TEXT NOT NULL,             -- canonical JSON of the document
    created_at    TEXT NOT NULL
);
CREATE INDEX records_partner_kind ON records (partner_id, kind, created_at);
CREATE INDEX records_order ON records (partner_id, order_number);
CREATE INDEX records_document ON records (document_id);
