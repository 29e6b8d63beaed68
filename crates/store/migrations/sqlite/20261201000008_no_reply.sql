-- A ticket left waiting for its submitter for 15 working days becomes
-- unsolved with the qualifier "no reply": a new label at the end of its set.
INSERT INTO label_codes (label_set, code, label) VALUES ('tickets.qualifier', 7, 'no reply');
