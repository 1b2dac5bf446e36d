-- Listing findings per device joins each group finding to the devices of
-- its model and version; with the facility in the index, a listing
-- filtered by facility reaches exactly that facility's units of the group.
DROP INDEX devices_model;
CREATE INDEX devices_group_facility ON devices (model_id, software_version, facility_id);

-- Advisories are listed newest import first, all or from one source.
CREATE INDEX advisories_imported ON advisories (imported_at, id);
CREATE INDEX advisories_source_imported ON advisories (source, imported_at, id);
