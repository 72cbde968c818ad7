-- Backups (Trove's states: NEW, BUILDING, SAVING, COMPLETED, FAILED, DELETE_FAILED). Objects live
-- under "<id>/" in the object store; engine-specific facts a restore or a child needs (MariaDB's
-- to_lsn, PostgreSQL's next WAL segment) go in metadata.
create table backups (
  id                   uuid primary key,
  project_id           text not null,
  instance_id          uuid not null references instances (id),
  name                 text not null,
  description          text,
  parent_id            uuid references backups (id),
  datastore_version_id uuid not null references datastore_versions (id),
  state                text not null,
  location             text,
  size_bytes           bigint,
  checksum             text,
  metadata             jsonb not null default '{}'::jsonb,
  fail_reason          text,
  created              timestamptz not null,
  updated              timestamptz not null,
  deleted              boolean not null default false
);
create index backups_project on backups (project_id) where not deleted;
create index backups_instance on backups (instance_id) where not deleted;
create index backups_parent on backups (parent_id) where not deleted;
