-- The volume service's type an instance's volume was made of, as its create asked (Trove's
-- volume.type); null: the configured default. A replica's volume is made of its source's type.
alter table instances add column volume_type text;
