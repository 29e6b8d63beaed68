-- Mail arrives with an HTML version beside its text. The article keeps it
-- verbatim (NULL when there was none); the pages show it sanitised.
ALTER TABLE articles ADD COLUMN body_html TEXT;
