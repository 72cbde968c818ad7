-- Trove's datastore version registration: the Glance image a version boots (its id, or the tags
-- that find it) and its packages, both comma-separated lists as Trove keeps them. The seeded
-- versions keep finding the image tagged trove and their datastore's name.
alter table datastore_versions add column image_id text;
alter table datastore_versions add column image_tags text not null default '';
alter table datastore_versions add column packages text not null default '';

update datastore_versions v set image_tags = 'trove,' || d.name
  from datastores d where d.id = v.datastore_id;

-- A deleted version or datastore is kept for the rows that name it (deleted instances and
-- backups keep their history) and hidden everywhere else; its name is free again.
alter table datastore_versions add column deleted boolean not null default false;
alter table datastore_versions drop constraint datastore_versions_datastore_id_name_key;
create unique index datastore_versions_live_name on datastore_versions (datastore_id, name)
  where not deleted;
alter table datastores add column deleted boolean not null default false;
alter table datastores drop constraint datastores_name_key;
create unique index datastores_live_name on datastores (name) where not deleted;
