-- Acknowledgements of what we send (X12 997/999/TA1; later EDIFACT CONTRL/APERAK). PostgreSQL dialect;
-- keep in step with migrations/sqlite/.
ALTER TABLE documents ADD COLUMN ack_ref TEXT;     -- what an inbound acknowledgement names, e.g. x12:<GS06>
ALTER TABLE documents ADD COLUMN ack_status TEXT;  -- pending, accepted, accepted_with_errors, rejected
ALTER TABLE documents ADD COLUMN ack_detail TEXT;  -- the codes and the acknowledging document
CREATE INDEX documents_ack ON documents (partner_id, ack_ref);
