-- digest is a hash of what a finding says (status, confidence, CVEs,
-- evidence), so a full match compares 8 bytes per finding instead of
-- reading its evidence back. 0 never equals a real digest, so findings
-- stored before this migration are rewritten once.
ALTER TABLE findings ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;

-- A group whose identity changed (a manufacturer alias, model names, its
-- SBOM) is marked stale instead of forgotten, so every group that has
-- findings stays listed here and a full match revisits it. digest hashes
-- the group's findings as last written (0: unknown), so a full match
-- skips the groups whose verdict did not change without reading them.
ALTER TABLE matched_groups ADD COLUMN stale INTEGER NOT NULL DEFAULT 0;
ALTER TABLE matched_groups ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;

-- matched_devices records the devices with an SBOM of their own that the
-- matcher has seen, at which model and software version.
CREATE TABLE matched_devices (
	device_id        INTEGER PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
	model_id         INTEGER NOT NULL,
	software_version TEXT NOT NULL,
	stale            INTEGER NOT NULL DEFAULT 0,
	digest           INTEGER NOT NULL DEFAULT 0,
	matched_at       TEXT NOT NULL
);
