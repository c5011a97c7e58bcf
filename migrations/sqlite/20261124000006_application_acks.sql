-- Application acknowledgements of what we send (EDIFACT APERAK), beside the syntax-level ones
-- (CONTRL, 997/999) in ack_status. SQLite dialect; keep in step with migrations/postgres/.
ALTER TABLE documents ADD COLUMN app_ack_status TEXT;  -- accepted, rejected (NULL: none came)
ALTER TABLE documents ADD COLUMN app_ack_detail TEXT;  -- the error codes, texts and the APERAK's document
