-- Single sign-on users are the identity provider's subject ("sub"), which
-- never changes and is never reused; their username is only a label the
-- provider may let users edit.
ALTER TABLE users ADD COLUMN subject TEXT;
CREATE UNIQUE INDEX users_source_subject ON users (source, subject) WHERE subject IS NOT NULL;
