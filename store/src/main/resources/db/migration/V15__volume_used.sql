-- How much of its volume the instance's datastore uses, from its guest's last heartbeat that
-- measured it (Trove's volume.used in the instance's detail view).
alter table service_statuses add column volume_used_bytes bigint;
