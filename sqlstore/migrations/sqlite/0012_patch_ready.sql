-- The patch-ready queue reaches the units of each ready group (a model at
-- a software version) in one facility, and groups them by care unit,
-- type and owner. This index covers everything that grouping reads, so
-- the queue of a facility never reads the devices' rows: one index range
-- per ready group.
CREATE INDEX devices_patch_ready ON devices (model_id, software_version, facility_id, status, location_id, team_id, device_type_id);

-- Whether a ready device already has open patch work is one probe of this
-- partial index, which holds only open patch orders: a CMMS history of
-- millions of work orders is never walked for it.
CREATE INDEX work_orders_open_patch ON work_orders (device_id, number)
	WHERE type = 'patch' AND status IN ('open', 'scheduled', 'in_progress', 'on_hold');
