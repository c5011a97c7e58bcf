-- Catalogs and price lists, PostgreSQL dialect. Keep in step with migrations/sqlite/ (same tables,
-- columns, keys). Decimals are TEXT (never floats); price breaks are sorted and compared in Rust.

-- One row per orderable item of a catalog. A partner sees only the rows of its profile's
-- `catalog`: every query filters on catalog_id.
CREATE TABLE catalog_items (
    catalog_id            TEXT NOT NULL,
    supplier_part_id      TEXT NOT NULL,
    supplier_part_aux_id  TEXT,                 -- variant (colour, size …)
    description           TEXT NOT NULL,
    long_description      TEXT,
    unit_of_measure       TEXT NOT NULL,        -- UN/ECE Rec 20 code (EA, BX, PK, RM …)
    unspsc                TEXT,                 -- 8 digits
    category              TEXT,                 -- path, e.g. 'Office Supplies > Paper'
    manufacturer_name     TEXT,
    manufacturer_part_id  TEXT,
    gtin                  TEXT,
    list_price            TEXT NOT NULL,        -- decimal as text, per unit_of_measure
    currency              TEXT NOT NULL,        -- ISO 4217
    lead_time_days        BIGINT,
    min_quantity          TEXT,                 -- decimal as text
    quantity_increment    TEXT,                 -- decimal as text
    image_url             TEXT,
    url                   TEXT,
    search_text           TEXT NOT NULL,        -- lower-cased concatenation, matched with LIKE
    updated_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (catalog_id, supplier_part_id)
);
CREATE INDEX catalog_items_category ON catalog_items (catalog_id, category);
-- Search: `search_text LIKE '%term%'`. A B-tree cannot serve that (and would refuse long rows),
-- so PostgreSQL gets a trigram GIN index when the pg_trgm extension can be created (contrib is
-- installed and we may create it). Without it, search still works: it scans the catalog's rows.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE INDEX catalog_items_search ON catalog_items USING gin (search_text gin_trgm_ops);
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'pg_trgm could not be created; catalog search will scan';
END
$$;

-- Contract prices: one row per price list, part and quantity break.
CREATE TABLE price_list_entries (
    price_list_id     TEXT NOT NULL,
    supplier_part_id  TEXT NOT NULL,
    min_quantity      TEXT NOT NULL,            -- decimal as text, normalised ('1', '10', '2.5')
    unit_price        TEXT NOT NULL,            -- decimal as text
    currency          TEXT NOT NULL,            -- ISO 4217
    valid_from        DATE,                     -- inclusive
    valid_to          DATE,                     -- inclusive
    updated_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (price_list_id, supplier_part_id, min_quantity)
);
