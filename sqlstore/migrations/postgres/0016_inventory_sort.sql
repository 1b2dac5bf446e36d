-- The inventory page lists one facility's devices in any of its sort
-- orders a page at a time: these indexes give each order directly, so a
-- page reads its rows instead of sorting the facility's devices.
CREATE INDEX devices_facility_tag ON devices (facility_id, tag_key);
CREATE INDEX devices_facility_version ON devices (facility_id, software_version);
CREATE INDEX devices_facility_serial ON devices (facility_id, (COALESCE(serial_key, '')));
CREATE INDEX devices_facility_status ON devices (facility_id, status);
CREATE INDEX devices_facility_updated ON devices (facility_id, updated_at);
